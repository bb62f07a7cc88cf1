package hdlab.cli.spectra;

import hdlab.core.spectra.Bootstrap;
import hdlab.core.spectra.TailComparison;
import hdlab.core.spectra.TailFit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping of a tail fit, its goodness of fit and its likelihood-ratio tests to output fields
 * (lower_snake_case JSON/CSV keys), shared by {@code hdlab powerlaw} and {@code hdlab spectrum}.
 */
final class TailJson {
  private TailJson() {}

  /** alpha, alpha_se, xmin, ks_d, n_tail, discrete, xmin_candidates. */
  static void putFit(Map<String, Object> m, TailFit f) {
    m.put("alpha", f.alpha());
    m.put("alpha_se", f.sigma());
    m.put("xmin", f.xmin());
    m.put("ks_d", f.ks());
    m.put("n_tail", f.nTail());
    m.put("discrete", f.discrete());
    m.put("xmin_candidates", f.candidates());
  }

  /** p_value and p_value_se (null without a bootstrap). */
  static void putGoodnessOfFit(Map<String, Object> m, Bootstrap.GoodnessOfFit g) {
    m.put("p_value", g == null ? null : g.p());
    m.put("p_value_se", g == null ? null : g.stdError());
  }

  /** preferred and comparisons[] {alternative, loglik_ratio, normalized_ratio, p, nested, identifiable, favoured, parameters}. */
  static void putComparisons(Map<String, Object> m, List<TailComparison.LrTest> lr) {
    m.put("preferred", preferred(lr));
    List<Map<String, Object>> cmp = new ArrayList<>();
    for (TailComparison.LrTest t : lr) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("alternative", t.alternative());
      c.put("loglik_ratio", t.ratio());
      c.put("normalized_ratio", t.normalizedRatio());
      c.put("p", t.p());
      c.put("nested", t.nested());
      c.put("identifiable", t.identifiable());
      c.put("favoured", t.verdict(TailComparison.DEFAULT_SIGNIFICANCE));
      c.put("parameters", t.params());
      cmp.add(c);
    }
    m.put("comparisons", cmp);
  }

  static String preferred(List<TailComparison.LrTest> lr) {
    return lr.isEmpty() ? "inconclusive" : TailComparison.preferred(lr, TailComparison.DEFAULT_SIGNIFICANCE);
  }

  /** The comparisons as a text table. */
  static String comparisonTable(List<TailComparison.LrTest> lr) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-20s %12s %10s %9s  %-6s %s%n", "alternative", "R",
        "R_norm", "p", "nested", "favoured"));
    for (TailComparison.LrTest t : lr) {
      b.append(String.format(Locale.ROOT, "%-20s %12.4f %10.4f %9.4g  %-6s %s%n", t.alternative(), t.ratio(),
          t.normalizedRatio(), t.p(), t.nested(), t.verdict(TailComparison.DEFAULT_SIGNIFICANCE)));
    }
    return b.toString();
  }
}
