package hdlab.cli.reproduce;

import hdlab.cli.plot.Plots;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figure of one claim: each reference value with its tolerance as an error bar (the band a measured value must
 * fall in to pass), and the measured value beside it. When the values of a claim differ in scale by more than
 * {@link #SAME_SCALE} (a ratio next to a risk, say), they are drawn as their signed gap in units of the allowed gap,
 * (m − r)/allowed, so that the band is [−1, 1] for every value. A claim without measured values (skipped, error) shows
 * the reference and its band alone.
 */
final class ClaimFigure {
  private ClaimFigure() {}

  /** Largest ratio of |reference| values drawn on one raw axis; beyond it the small values would be flat on the axis. */
  static final double SAME_SCALE = 20;

  /**
   * Whether the claim is drawn as gap / allowed gap rather than raw values: when the scales max(|r|, allowed gap) of
   * its values differ by more than {@link #SAME_SCALE}.
   */
  static boolean normalised(Claim c) {
    double lo = Double.POSITIVE_INFINITY, hi = 0;
    for (double r : c.reference()) {
      double s = Math.max(Math.abs(r), allowed(c.tolerance(), r));
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
    return !(hi <= SAME_SCALE * lo);
  }

  /** The allowed gap of reference value r: tol·|r| (relative) or tol (absolute). */
  static double allowed(Claim.Tolerance t, double r) {
    return t.relative() ? t.value() * Math.abs(r) : t.value();
  }

  static XYChart chart(ClaimResult result) {
    Claim c = result.claim();
    double[] ref = c.reference();
    double[] m = result.measured();
    boolean norm = normalised(c);
    XYChart chart = Plots.chart(c.id() + ": measured against reference", "value # (in the claim's order)",
        norm ? "(measured - reference) / allowed gap" : "value", false, false);
    chart.getStyler().setMarkerSize(10);
    // below the plot: inside it the legend would hide the last value's band
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setErrorBarsColor(new Color(0x1f, 0x77, 0xb4));
    chart.getStyler().setXAxisMin(0.5);
    chart.getStyler().setXAxisMax(ref.length + 0.5);
    chart.getStyler().setXAxisDecimalPattern("0");
    double[] x = new double[ref.length];
    double[] y = new double[ref.length];
    double[] band = new double[ref.length];
    for (int i = 0; i < ref.length; i++) {
      x[i] = i + 1;
      y[i] = norm ? 0 : ref[i];
      band[i] = norm ? 1 : allowed(c.tolerance(), ref[i]);
    }
    XYSeries theory = chart.addSeries("reference +- tolerance (" + c.tolerance() + ")", x, y, band);
    theory.setMarker(SeriesMarkers.DIAMOND);
    theory.setMarkerColor(new Color(0x1f, 0x77, 0xb4));
    theory.setLineColor(new Color(0x1f, 0x77, 0xb4));
    if (ref.length == 1) theory.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    if (m != null && m.length == ref.length) {
      List<Double> mx = new ArrayList<>(), my = new ArrayList<>();
      for (int i = 0; i < ref.length; i++) {
        if (!Double.isFinite(m[i])) continue; // a non-finite value fails its claim and has no place on the axis
        mx.add(x[i]);
        my.add(norm ? (m[i] - ref[i]) / allowed(c.tolerance(), ref[i]) : m[i]);
      }
      if (!mx.isEmpty()) {
        XYSeries measured = chart.addSeries("measured (" + result.verdict().label() + ")", mx, my);
        measured.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        measured.setMarker(SeriesMarkers.CIRCLE);
        measured.setMarkerColor(result.verdict() == ClaimResult.Verdict.PASS ? new Color(0x2c, 0xa0, 0x2c) : new Color(0xd6, 0x27, 0x28));
      }
    }
    return chart;
  }

  static byte[] png(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render figure: " + e.getMessage(), e);
    }
  }

  /** The chart as SVG (XChart's vector encoder through VectorGraphics2D). */
  static byte[] svg(XYChart chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render SVG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** File-name stem of a claim's figures: the id with '.' as '-' (as the claims' own tables do). */
  static String stem(Claim c) {
    return c.id().replace('.', '-').toLowerCase(Locale.ROOT);
  }
}
