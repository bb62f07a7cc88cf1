package hdlab.cli.options;

import hdlab.cli.UserInputException;
import hdlab.core.random.NoiseLaw;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The compact form of a noise law, {@code LAW:PARAMS}: {@code gaussian:SIGMA}, {@code rademacher:A},
 * {@code student-t:NU,SCALE}, {@code cauchy:SCALE} (= student-t:1,SCALE), {@code contaminated:P,AMPLITUDE}.
 */
public final class NoiseForms {
  public static final List<String> FORMS =
      List.of("gaussian:SIGMA", "rademacher:A", "student-t:NU,SCALE", "cauchy:SCALE", "contaminated:P,AMPLITUDE");

  private NoiseForms() {}

  public static NoiseLaw parse(String field, String text) {
    String[] parts = text.trim().split(":", 2);
    String name = parts[0].trim().toLowerCase(Locale.ROOT);
    double[] v;
    try {
      v = parts.length < 2 || parts[1].isBlank() ? new double[0]
          : Arrays.stream(parts[1].split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
    } catch (NumberFormatException e) {
      throw new UserInputException(field, "'" + text + "' has a non-numeric parameter; allowed forms: " + String.join(", ", FORMS));
    }
    try {
      switch (name) {
        case "gaussian": need(field, text, v, 1); return new NoiseLaw.Gaussian(v[0]);
        case "rademacher": need(field, text, v, 1); return new NoiseLaw.Rademacher(v[0]);
        case "student-t": need(field, text, v, 2); return new NoiseLaw.StudentT(v[0], v[1]);
        case "cauchy": need(field, text, v, 1); return new NoiseLaw.StudentT(1, v[0]);
        case "contaminated": need(field, text, v, 2); return new NoiseLaw.Contaminated(v[0], v[1]);
        default: throw new UserInputException(field, text, FORMS);
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(field, e.getMessage());
    }
  }

  private static void need(String field, String text, double[] v, int n) {
    if (v.length != n) throw new UserInputException(field, "'" + text + "' needs " + n + " parameter(s); allowed forms: " + String.join(", ", FORMS));
  }

  /** The inverse of {@link #parse}, for tables and provenance. */
  public static String format(NoiseLaw law) {
    if (law instanceof NoiseLaw.Gaussian g) return "gaussian:" + g.sigma();
    if (law instanceof NoiseLaw.Rademacher r) return "rademacher:" + r.a();
    if (law instanceof NoiseLaw.StudentT t) return t.nu() == 1 ? "cauchy:" + t.scale() : "student-t:" + t.nu() + "," + t.scale();
    if (law instanceof NoiseLaw.Contaminated c) return "contaminated:" + c.p() + "," + c.amplitude();
    return law.toString();
  }
}
