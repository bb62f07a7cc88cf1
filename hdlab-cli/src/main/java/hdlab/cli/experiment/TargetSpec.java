package hdlab.cli.experiment;

import java.util.List;

/**
 * Teacher θ*: {@code constant} (θ*_i = √(2 r0 / Tr K)), {@code power-law} (θ*_i ∝ i^(−beta/2)) or {@code random}
 * (Gaussian, drawn from the run seed); each scaled so that R₀ = ½θ*ᵀKθ* = r0 (default 1) from θ₀ = 0.
 */
public record TargetSpec(String kind, Double beta, Double r0) {
  public static final List<String> KINDS = List.of("constant", "power-law", "random");

  public TargetSpec {
    if (kind == null) kind = "constant";
    Check.oneOf("data.target.kind", kind, KINDS);
    if (r0 == null) r0 = 1.0;
    Check.positive("data.target.r0", r0);
    if (kind.equals("power-law")) {
      Check.required("data.target.beta", beta);
      if (!Double.isFinite(beta)) throw new IllegalArgumentException("data.target.beta must be finite, got " + beta);
    } else {
      Check.absent("data.target.kind", kind, "data.target.beta", beta);
    }
  }
}
