package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.cli.spec.ModelSpec;
import hdlab.cli.spec.NetworkDataSpec;
import hdlab.cli.spec.ParametersSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code kind: network}: a model trained on a fixed data set by an optimizer for {@code steps} updates, with probes
 * on their cadences; theory = the optimizer's stability threshold on the sharpness. The model, data and parameters
 * blocks are the ones {@code hdlab curvature} reads. See docs/training.md.
 *
 * @param steps number of updates; the row for step t holds the values after t updates (step 0 = θ₀)
 * @param probes what to measure and when; default: loss every max(1, steps/100) steps
 * @param divergenceFactor a seed diverges when its loss is non-finite or exceeds this × its initial loss (default 1e6)
 */
public record NetworkSpec(
    String name,
    Long seed,
    Integer seeds,
    Integer threads,
    ModelSpec model,
    NetworkDataSpec data,
    ParametersSpec parameters,
    NetworkOptimizerSpec optimizer,
    Long steps,
    List<ProbeRequest> probes,
    @JsonProperty("divergence_factor") Double divergenceFactor) implements ExperimentSpec {

  public NetworkSpec {
    ExperimentSpec.checkName(name);
    if (seed == null) seed = 0L;
    if (seeds == null) seeds = 1;
    if (seeds < 1 || seeds > 10_000) throw new IllegalArgumentException("seeds must be in [1, 10000], got " + seeds);
    if (threads == null) threads = 0;
    if (threads < 0) throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
    Check.required("model", model);
    boolean quadratic = model.family().equals("quadratic_regression");
    if (quadratic && data != null) {
      throw new IllegalArgumentException("data: quadratic_regression holds its own D examples (model.outputs); remove the data section");
    }
    if (!quadratic && data == null) data = NetworkDataSpec.defaults();
    if (parameters == null) parameters = new ParametersSpec(null, null, null);
    if (parameters.preconditioner() != null) throw new IllegalArgumentException("parameters.preconditioner applies to hdlab curvature only");
    Check.required("optimizer", optimizer);
    Check.required("steps", steps);
    if (steps < 0 || steps > 100_000_000L) throw new IllegalArgumentException("steps must be in [0, 10^8], got " + steps);
    if (probes == null) probes = List.of(new ProbeRequest("loss", Math.max(1, steps / 100), null, null, null, null, null, null));
    if (probes.isEmpty()) throw new IllegalArgumentException("probes must name at least one probe");
    probes = List.copyOf(probes);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < probes.size(); i++) {
      ProbeRequest p = probes.get(i);
      if (p == null) throw new IllegalArgumentException("probes[" + i + "] is empty");
      if (!seen.add(p.name())) throw new IllegalArgumentException("probes[" + i + "]: probe '" + p.name() + "' is listed twice");
      if (p.at() != null) {
        for (Long k : p.at()) {
          if (k > steps) throw new IllegalArgumentException("probes[" + i + "].at: step " + k + " is beyond steps = " + steps);
        }
      }
    }
    if (divergenceFactor == null) divergenceFactor = 1.0e6;
    if (!(divergenceFactor > 1) || divergenceFactor.isInfinite()) {
      throw new IllegalArgumentException("divergence_factor must be finite and > 1, got " + divergenceFactor);
    }
  }
}
