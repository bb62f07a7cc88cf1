package hdlab.core.theory;

/**
 * Theory as a peer of simulation: given the probe times of a run, the prediction on the same grid (or why there is
 * none). A least-squares setting's risk ODE and a network optimizer's stability threshold both answer this.
 */
@FunctionalInterface
public interface Theory {
  Prediction predict(double[] times);
}
