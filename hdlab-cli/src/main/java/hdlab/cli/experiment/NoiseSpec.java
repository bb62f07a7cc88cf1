package hdlab.cli.experiment;

import hdlab.core.random.NoiseLaw;
import java.util.List;

/**
 * Label noise ε: {@code gaussian} (sigma), {@code student-t} (nu, scale), {@code rademacher} (a),
 * {@code contaminated} (p, amplitude).
 */
public record NoiseSpec(String law, Double sigma, Double nu, Double scale, Double a, Double p, Double amplitude) {
  public static final List<String> LAWS = List.of("gaussian", "student-t", "rademacher", "contaminated");

  public NoiseSpec {
    Check.oneOf("data.noise.law", law, LAWS);
    String f = "data.noise.";
    switch (law) {
      case "gaussian" -> {
        Check.nonNegative(f + "sigma", sigma);
        for (var e : new Object[][] {{"nu", nu}, {"scale", scale}, {"a", a}, {"p", p}, {"amplitude", amplitude}}) {
          Check.absent(f + "law", law, f + e[0], e[1]);
        }
      }
      case "student-t" -> {
        Check.positive(f + "nu", nu);
        Check.positive(f + "scale", scale);
        for (var e : new Object[][] {{"sigma", sigma}, {"a", a}, {"p", p}, {"amplitude", amplitude}}) {
          Check.absent(f + "law", law, f + e[0], e[1]);
        }
      }
      case "rademacher" -> {
        Check.nonNegative(f + "a", a);
        for (var e : new Object[][] {{"sigma", sigma}, {"nu", nu}, {"scale", scale}, {"p", p}, {"amplitude", amplitude}}) {
          Check.absent(f + "law", law, f + e[0], e[1]);
        }
      }
      default -> {
        Check.required(f + "p", p);
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(f + "p must be in [0, 1], got " + p);
        Check.nonNegative(f + "amplitude", amplitude);
        for (var e : new Object[][] {{"sigma", sigma}, {"nu", nu}, {"scale", scale}, {"a", a}}) {
          Check.absent(f + "law", law, f + e[0], e[1]);
        }
      }
    }
  }

  public static NoiseSpec gaussian(double sigma) {
    return new NoiseSpec("gaussian", sigma, null, null, null, null, null);
  }

  public NoiseLaw toLaw() {
    return switch (law) {
      case "gaussian" -> new NoiseLaw.Gaussian(sigma);
      case "student-t" -> new NoiseLaw.StudentT(nu, scale);
      case "rademacher" -> new NoiseLaw.Rademacher(a);
      default -> new NoiseLaw.Contaminated(p, amplitude);
    };
  }
}
