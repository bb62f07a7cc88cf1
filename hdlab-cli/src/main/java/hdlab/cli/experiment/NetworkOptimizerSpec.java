package hdlab.cli.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimizer of a network run: a name from {@link Optimizers} and its hyperparameters. Each optimizer takes only
 * the fields its registry entry lists; a field that does not apply is an error, not silently ignored.
 *
 * @param eta the learning rate η (constant); absent when a {@code tuner} chooses η_k
 * @param batch mini-batch size B (sgd: required; gd: absent = full batch; others: optional, absent = full batch; sam and usam take the ascent gradient on the same batch)
 * @param batching uniform (B examples without replacement, fresh every step; default) or epochs (shuffled epochs)
 * @param beta momentum β (heavy_ball, nesterov, ema_momentum; default 0.9) or RMSProp's decay (default 0.99)
 * @param b1 Adam β₁ (default 0.9)
 * @param b2 Adam β₂ (default 0.999)
 * @param eps Adam/RMSProp ε (default 1e-8)
 * @param biasCorrection Adam/RMSProp bias correction (default true)
 * @param rho SAM/USAM radius ρ (required)
 * @param rhoWarmup SAM/USAM: ρ ramps linearly from 0 over this many steps (default 0)
 * @param weightDecay decoupled weight decay λ_wd, u ← u + λ_wd θ after the optimizer's direction (default 0)
 * @param tuner a step-size tuner (armijo, polyak, cdat) choosing η_k each step instead of a constant eta
 * @param penalty a sharpness penalty added to the loss (grad_norm, gn_trace, hessian_trace, weight_noise)
 * @param lrSchedule a schedule of η (step_lr: η·γ^⌊k/step_size⌋); not with a tuner
 */
public record NetworkOptimizerSpec(String name, Double eta, Integer batch, String batching, Double beta, Double b1, Double b2,
    Double eps, @JsonProperty("bias_correction") Boolean biasCorrection, Double rho, @JsonProperty("rho_warmup") Long rhoWarmup,
    @JsonProperty("weight_decay") Double weightDecay, TunerSpec tuner, PenaltySpec penalty,
    @JsonProperty("lr_schedule") LrScheduleSpec lrSchedule) {
  public static final List<String> BATCHINGS = List.of("uniform", "epochs");

  public NetworkOptimizerSpec {
    Check.oneOf("optimizer.name", name, Optimizers.names());
    Optimizers.Entry entry = Optimizers.get(name);
    if (tuner == null) Check.positive("optimizer.eta", eta);
    else if (lrSchedule != null) throw new IllegalArgumentException("optimizer.lr_schedule: the " + tuner.name() + " tuner chooses eta each step; remove lr_schedule");
    else if (eta != null) throw new IllegalArgumentException("optimizer.eta: the " + tuner.name() + " tuner chooses eta each step; remove eta");
    List<String> given = new ArrayList<>();
    if (batch != null) given.add("batch");
    if (batching != null) given.add("batching");
    if (beta != null) given.add("beta");
    if (b1 != null) given.add("b1");
    if (b2 != null) given.add("b2");
    if (eps != null) given.add("eps");
    if (biasCorrection != null) given.add("bias_correction");
    if (rho != null) given.add("rho");
    if (rhoWarmup != null) given.add("rho_warmup");
    for (String f : given) {
      if (!entry.fields().contains(f)) {
        throw new IllegalArgumentException("optimizer." + f + " does not apply to " + name + "; " + name + " takes "
            + (entry.fields().isEmpty() ? "eta and weight_decay only" : String.join(", ", entry.fields()) + " (and eta, weight_decay)"));
      }
    }
    if (name.equals("sgd")) Check.required("optimizer.batch (sgd is mini-batch; use gd for the full batch)", batch);
    if (batch != null && batch < 1) throw new IllegalArgumentException("optimizer.batch must be >= 1, got " + batch);
    if (batching != null && batch == null) throw new IllegalArgumentException("optimizer.batching needs optimizer.batch");
    if (batch != null) batching = Check.oneOf("optimizer.batching", batching == null ? "uniform" : batching, BATCHINGS);
    if (entry.fields().contains("beta") && beta == null) beta = name.equals("rmsprop") ? 0.99 : 0.9;
    if (beta != null && !(beta >= 0 && beta < 1)) throw new IllegalArgumentException("optimizer.beta must be in [0, 1), got " + beta);
    if (entry.fields().contains("b1") && b1 == null) b1 = 0.9;
    if (entry.fields().contains("b2") && b2 == null) b2 = 0.999;
    if (b1 != null && !(b1 >= 0 && b1 < 1)) throw new IllegalArgumentException("optimizer.b1 must be in [0, 1), got " + b1);
    if (b2 != null && !(b2 >= 0 && b2 < 1)) throw new IllegalArgumentException("optimizer.b2 must be in [0, 1), got " + b2);
    if (entry.fields().contains("eps") && eps == null) eps = 1e-8;
    if (eps != null && !(eps >= 0 && Double.isFinite(eps))) throw new IllegalArgumentException("optimizer.eps must be finite and >= 0, got " + eps);
    if (entry.fields().contains("bias_correction") && biasCorrection == null) biasCorrection = Boolean.TRUE;
    if (entry.fields().contains("rho")) {
      Check.nonNegative("optimizer.rho", rho);
      if (rhoWarmup == null) rhoWarmup = 0L;
      if (rhoWarmup < 0) throw new IllegalArgumentException("optimizer.rho_warmup must be >= 0, got " + rhoWarmup);
    }
    if (penalty != null && penalty.name().equals("weight_noise") && (name.equals("sam") || name.equals("usam"))) {
      throw new IllegalArgumentException("optimizer.penalty: weight_noise replaces the gradient and cannot follow " + name
          + "'s ascent gradient; use gd, sgd, a momentum method or adam");
    }
    if (weightDecay == null) weightDecay = 0.0;
    Check.nonNegative("optimizer.weight_decay", weightDecay);
  }

  /** Full batch (every step sees the whole data set). */
  public boolean fullBatch() {
    return batch == null;
  }
}
