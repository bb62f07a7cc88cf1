package hdlab.cli.experiment;

import hdlab.core.random.NoiseLaw;
import java.util.List;

/**
 * Label noise ε: {@code gaussian} (sigma), {@code student-t} (nu, scale), {@code cauchy} (scale; = student-t with
 * nu = 1), {@code rademacher} (a), {@code contaminated} (p, amplitude).
 */
public record NoiseSpec(String law, Double sigma, Double nu, Double scale, Double a, Double p, Double amplitude) {
  public static final List<String> LAWS = List.of("gaussian", "student-t", "cauchy", "rademacher", "contaminated");

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
      case "cauchy" -> {
        Check.positive(f + "scale", scale);
        for (var e : new Object[][] {{"sigma", sigma}, {"nu", nu}, {"a", a}, {"p", p}, {"amplitude", amplitude}}) {
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

  /** The spec of a law (cauchy for a Student-t with nu = 1). */
  public static NoiseSpec of(NoiseLaw law) {
    if (law instanceof NoiseLaw.Gaussian g) return gaussian(g.sigma());
    if (law instanceof NoiseLaw.StudentT t) {
      return t.nu() == 1 ? new NoiseSpec("cauchy", null, null, t.scale(), null, null, null)
          : new NoiseSpec("student-t", null, t.nu(), t.scale(), null, null, null);
    }
    if (law instanceof NoiseLaw.Rademacher r) return new NoiseSpec("rademacher", null, null, null, r.a(), null, null);
    if (law instanceof NoiseLaw.Contaminated c) return new NoiseSpec("contaminated", null, null, null, null, c.p(), c.amplitude());
    throw new IllegalArgumentException("no spec form for noise law " + law);
  }

  public NoiseLaw toLaw() {
    return switch (law) {
      case "gaussian" -> new NoiseLaw.Gaussian(sigma);
      case "student-t" -> new NoiseLaw.StudentT(nu, scale);
      case "cauchy" -> new NoiseLaw.StudentT(1, scale);
      case "rademacher" -> new NoiseLaw.Rademacher(a);
      default -> new NoiseLaw.Contaminated(p, amplitude);
    };
  }
}
