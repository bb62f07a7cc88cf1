package hdlab.cli.experiment;

import hdlab.cli.UserInputException;
import hdlab.cli.spec.ModelFactory;
import hdlab.cli.spec.SingleIndexData;
import hdlab.core.model.DeepEquilibrium;
import hdlab.core.model.Mlp;
import hdlab.core.model.NetworkModel;
import hdlab.core.probe.DeqProbe;
import hdlab.core.probe.DistanceProbe;
import hdlab.core.probe.GradNormProbe;
import hdlab.core.probe.HeavyTailProbe;
import hdlab.core.probe.LayerSpectraProbe;
import hdlab.core.probe.LossProbe;
import hdlab.core.probe.NfaProbe;
import hdlab.core.probe.NmeSplitProbe;
import hdlab.core.probe.NoiseKernelProbe;
import hdlab.core.probe.OneStepBbpProbe;
import hdlab.core.probe.Phi2Probe;
import hdlab.core.probe.PreconditionedSharpnessProbe;
import hdlab.core.probe.SamEdgeProbe;
import hdlab.core.probe.SharpnessProbe;
import hdlab.core.probe.TraceProbe;
import hdlab.core.probe.TunerProbe;
import hdlab.core.random.RandomStream;
import hdlab.core.train.Probe;
import hdlab.core.train.TrainerView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The probes a network spec names, each wrapped to run on its own cadence (empty cells between its steps), plus the
 * measured edge of normalised SAM ({@code sam_edge}) for the sam optimizer.
 */
final class NetworkProbes {
  private NetworkProbes() {}

  static List<Probe> create(NetworkSpec spec, ModelFactory.ModelAndData md, NetworkOptimizerSpec o) {
    List<Probe> out = new ArrayList<>();
    for (int i = 0; i < spec.probes().size(); i++) {
      ProbeRequest r = spec.probes().get(i);
      Probe p = switch (r.name()) {
        case "loss" -> new LossProbe();
        case "grad_norm" -> new GradNormProbe();
        case "sharpness" -> new SharpnessProbe(r.tol(), r.maxSteps(), true);
        case "precond_sharpness" -> {
          if (!List.of("adam", "rmsprop").contains(o.name())) {
            throw new UserInputException("probes[" + i + "].name", "precond_sharpness needs an adaptive optimizer (adam, rmsprop), not " + o.name());
          }
          yield new PreconditionedSharpnessProbe(r.tol(), r.maxSteps(), true);
        }
        case "traces" -> {
          if (!(md.model() instanceof NetworkModel)) {
            throw new UserInputException("probes[" + i + "].name", "traces need a model with outputs (mlp, two_layer_frozen_readout, deq, quadratic_regression)");
          }
          yield TraceProbe.of(md.model(), r.vectors());
        }
        case "layers" -> {
          if (!(md.model() instanceof Mlp mlp)) throw new UserInputException("probes[" + i + "].name", "layers needs model.family mlp");
          yield new LayerSpectraProbe(mlp);
        }
        case "tuner" -> new TunerProbe();
        case "noise_kernel" -> {
          if (!(md.model() instanceof NetworkModel)) {
            throw new UserInputException("probes[" + i + "].name", "noise_kernel needs a model with outputs (mlp, two_layer_frozen_readout, deq, quadratic_regression)");
          }
          yield new NoiseKernelProbe(o.fullBatch() ? md.dataset().size() : o.batch(), r.vectors(), r.maxSteps());
        }
        case "phi2" -> {
          if (!(md.model() instanceof Mlp mlp) || mlp.depth() < 2) {
            throw new UserInputException("probes[" + i + "].name", "phi2 needs model.family mlp with a hidden layer");
          }
          yield new Phi2Probe(mlp);
        }
        case "nme_split" -> {
          if (!(md.model() instanceof Mlp mlp)) throw new UserInputException("probes[" + i + "].name", "nme_split needs model.family mlp");
          yield new NmeSplitProbe(mlp, r.vectors());
        }
        case "deq" -> {
          if (!(md.model() instanceof DeepEquilibrium)) throw new UserInputException("probes[" + i + "].name", "deq needs model.family deq");
          yield new DeqProbe();
        }
        case "nfa" -> {
          if (!(md.model() instanceof Mlp mlp)) {
            throw new UserInputException("probes[" + i + "].name", "nfa needs model.family mlp or two_layer_frozen_readout");
          }
          int[] coords = r.coordinates() == null ? null : r.coordinates().stream().mapToInt(Integer::intValue).toArray();
          if (coords != null) {
            for (int j = 0; j < coords.length; j++) {
              if (coords[j] >= mlp.inputDim()) {
                throw new UserInputException("probes[" + i + "].coordinates[" + j + "]", "got " + coords[j]
                    + "; allowed: input coordinates 0.." + (mlp.inputDim() - 1));
              }
            }
          }
          yield new NfaProbe(mlp, coords);
        }
        case "heavy_tails" -> {
          Mlp mlp = singleIndexNetwork(spec, md, i);
          if (!spec.data().source().equals("single_index")) {
            throw new UserInputException("probes[" + i + "].name", "heavy_tails needs data.source single_index (it reads beta and the probe and test sets)");
          }
          SingleIndexData sets = SingleIndexData.of(spec.data(), mlp.inputDim(), RandomStream.of(spec.seed()).split("data"));
          yield new HeavyTailProbe(mlp, sets.probeSets(), r.ridge(), NTK_VARIANCE);
        }
        case "bbp" -> new OneStepBbpProbe(singleIndexNetwork(spec, md, i), NTK_VARIANCE);
        default -> new DistanceProbe();
      };
      out.add(new Cadenced(p, NetworkExperiment.cadence(r).steps(spec.steps())));
    }
    if (o.name().equals("sam")) {
      // normalised SAM has no fixed threshold: measure its edge where the sharpness is measured (or at every probe)
      ProbeRequest at = spec.probes().stream().filter(r -> r.name().equals("sharpness")).findFirst().orElse(spec.probes().get(0));
      out.add(new Cadenced(new SamEdgeProbe(Optimizers.sam(o)), NetworkExperiment.cadence(at).steps(spec.steps())));
    }
    return out;
  }

  /** W₀ ~ N(0, 1) entrywise in two_layer_single_index (NTK initialisation): the σ² of its MP edge and BBP law. */
  private static final double NTK_VARIANCE = 1.0;

  private static Mlp singleIndexNetwork(NetworkSpec spec, ModelFactory.ModelAndData md, int i) {
    if (!spec.model().family().equals("two_layer_single_index") || !(md.model() instanceof Mlp mlp)) {
      throw new UserInputException("probes[" + i + "].name", spec.probes().get(i).name() + " needs model.family two_layer_single_index");
    }
    return mlp;
  }

  /** A probe that measures at its own steps and writes NaN (an empty CSV cell) at the others. */
  private record Cadenced(Probe inner, long[] steps) implements Probe {
    public List<String> names() {
      return inner.names();
    }

    public void measure(TrainerView view, double[] out) {
      if (Arrays.binarySearch(steps, view.step()) >= 0) inner.measure(view, out);
      else Arrays.fill(out, Double.NaN);
    }
  }
}
