package hdlab.cli.options;

import hdlab.cli.UserInputException;
import hdlab.cli.experiment.NoiseSpec;
import hdlab.core.random.NoiseLaw;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The label-noise flags of every theory command, in one syntax with two spellings: the compact
 * {@code --noise student-t:3,1} or the law and its parameters by name, {@code --noise student-t --nu 3 --scale 1}
 * (the spec's {@code data.noise} fields). Each command supplies its own default law.
 */
public final class NoiseOptions {
  @Option(names = "--noise", paramLabel = "LAW[:PARAMS]", order = 100,
      description = "Label noise: gaussian, student-t, cauchy, rademacher or contaminated, either compact (gaussian:0.5, "
          + "student-t:3,1, cauchy:1, rademacher:1, contaminated:0.01,10) or with the parameters below. Default: the "
          + "command's (see its description).")
  String noise;

  @Option(names = "--sigma", order = 101, description = "gaussian: standard deviation.")
  Double sigma;

  @Option(names = "--nu", order = 102, description = "student-t: degrees of freedom.")
  Double nu;

  @Option(names = "--scale", order = 103, description = "student-t, cauchy: scale.")
  Double scale;

  @Option(names = "--a", order = 104, description = "rademacher: amplitude (+-a).")
  Double a;

  @Option(names = "--p", order = 105, description = "contaminated: outlier probability.")
  Double p;

  @Option(names = "--amplitude", order = 106, description = "contaminated: outlier amplitude.")
  Double amplitude;

  /**
   * The noise as a spec. {@code fallback} is the command's default, a law name ("gaussian": its parameters must
   * then come from the flags) or a compact form ("student-t:3,1"); it is used when {@code --noise} is absent.
   */
  public NoiseSpec spec(String fallback) {
    String text = noise != null ? noise : fallback;
    boolean named = sigma != null || nu != null || scale != null || a != null || p != null || amplitude != null;
    if (text.contains(":")) {
      if (named && noise != null) {
        throw new UserInputException("--noise", "'" + noise + "' already gives the parameters; drop " + namedFlags()
            + " or write --noise " + noise.substring(0, noise.indexOf(':')));
      }
      if (!named) return NoiseSpec.of(NoiseForms.parse("--noise", text));
      text = text.substring(0, text.indexOf(':')); // the default's law, parameters from the flags
    }
    String law = text.trim();
    try {
      return new NoiseSpec(law, sigma, nu, scale, a, p, amplitude);
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().split("[ :]", 2)[0];
      String rest = e.getMessage().substring(field.length()).replaceFirst("^:? *", "");
      String flag = field.startsWith("data.noise.") && !field.equals("data.noise.law") ? "--" + field.substring(11) : "--noise";
      if (rest.equals("is required")) rest = "is required with --noise " + law;
      throw new UserInputException(flag, rest.replace("data.noise.law", "--noise").replace("data.noise.", "--"));
    }
  }

  /** Whether no noise flag was given. */
  public boolean absent() {
    return noise == null && sigma == null && nu == null && scale == null && a == null && p == null && amplitude == null;
  }

  public NoiseLaw law(String fallback) {
    return spec(fallback).toLaw();
  }

  private String namedFlags() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("--sigma", sigma);
    m.put("--nu", nu);
    m.put("--scale", scale);
    m.put("--a", a);
    m.put("--p", p);
    m.put("--amplitude", amplitude);
    m.values().removeIf(v -> v == null);
    return String.join(", ", m.keySet());
  }
}
