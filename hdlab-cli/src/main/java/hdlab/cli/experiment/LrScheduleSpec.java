package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import hdlab.core.optim.StepSize;
import java.util.List;

/**
 * A learning-rate schedule of a network run, on top of {@code optimizer.eta}. {@code step_lr} is PyTorch's StepLR
 * stepped once per full-batch step: η_k = η·γ^⌊k/step_size⌋ (reference/spectra.md §2.1, e.g. step_size 1, γ 0.6).
 *
 * @param name step_lr
 * @param stepSize steps between decays (≥ 1)
 * @param gamma the decay factor, in (0, 1]
 */
public record LrScheduleSpec(String name, @JsonProperty("step_size") Long stepSize, Double gamma) {
  public static final List<String> NAMES = List.of("step_lr");

  public LrScheduleSpec {
    Check.oneOf("optimizer.lr_schedule.name", name, NAMES);
    Check.required("optimizer.lr_schedule.step_size", stepSize);
    if (stepSize < 1) throw new IllegalArgumentException("optimizer.lr_schedule.step_size must be >= 1, got " + stepSize);
    Check.required("optimizer.lr_schedule.gamma", gamma);
    if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("optimizer.lr_schedule.gamma must be in (0, 1], got " + gamma);
  }

  /** η_k = η·γ^⌊k/step_size⌋ (t = k for networks). */
  public StepSize toStepSize(double eta) {
    return new StepSize.StepDecay(eta, gamma, stepSize);
  }
}
