package hdlab.cli.signclip;

import hdlab.cli.UserInputException;
import hdlab.cli.options.NoiseForms;
import hdlab.cli.options.NoiseOptions;
import hdlab.cli.options.OutputOptions;
import hdlab.cli.spec.Specs;
import hdlab.core.random.NoiseLaw;
import hdlab.core.theory.ClipCriterion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Table of the clipping comparison criterion max_κ CCC(R, κ) and κ*(R) for a noise law. */
@Command(name = "ccc", mixinStandardHelpOptions = true,
    header = "Clipping comparison criterion CCC = mu^2 (2R + sigma^2)/nu, maximised over the threshold, per risk level.",
    description = {"CCC > 1: clipping beats any SGD learning-rate schedule at that risk level; Gaussian noise gives CCC <= 1.",
        "kappa* is the greedy-optimal threshold in residual units (inf: no clipping). Source: reference/risk-odes.md section 3.",
        "Noise: student-t:3,1 by default."})
public final class CccCommand implements Callable<Integer> {

  @Spec CommandSpec commandSpec;

  @Mixin OutputOptions output;
  @Mixin NoiseOptions noise;

  @Option(names = "--risks", split = ",", defaultValue = "0.001,0.1,1", description = "Risk levels R (default: ${DEFAULT-VALUE}).")
  List<Double> risks;


  @Override
  public Integer call() {
    NoiseLaw law = noise.law("student-t:3,1");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (double r : risks) {
      if (!(r > 0) || Double.isInfinite(r)) throw new UserInputException("--risks", "each risk must be finite and > 0, got " + r);
      ClipCriterion.Best b = ClipCriterion.best(law, r);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("risk", r);
      row.put("kappa_star", b.kappaStar());
      row.put("ccc", b.ccc());
      row.put("clipping_helps", b.clippingHelps());
      rows.add(row);
    }
    if (output.json) {
      commandSpec.commandLine().getOut().println(Specs.toJson(rows));
      return 0;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "# noise %s%n%-10s %-12s %-12s %s%n", NoiseForms.format(law),
        "risk", "kappa_star", "ccc", "clipping_helps"));
    for (Map<String, Object> row : rows) {
      sb.append(String.format(Locale.ROOT, "%-10.4g %-12.4g %-12.4g %s%n", row.get("risk"), row.get("kappa_star"), row.get("ccc"), row.get("clipping_helps")));
    }
    commandSpec.commandLine().getOut().print(sb);
    return 0;
  }
}
