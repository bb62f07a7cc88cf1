package hdlab.cli.plot;

import hdlab.cli.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Shared XChart helpers: chart construction with the house style, and atomic PNG output. */
public final class Plots {
  private Plots() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** An empty chart with title, axis labels and the house style; log axes as asked. */
  public static XYChart chart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    XYChart chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    chart.getStyler().setXAxisLogarithmic(logX);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    chart.getStyler().setMarkerSize(0);
    return chart;
  }

  /** Writes charts side by side in one PNG, atomically (e.g. the loss beside the sharpness of a training run). */
  public static void savePngRow(List<XYChart> charts, Path target) {
    if (charts.size() == 1) {
      savePng(charts.get(0), target);
      return;
    }
    List<BufferedImage> images = new ArrayList<>();
    int w = 0, h = 0;
    for (XYChart c : charts) {
      BufferedImage im = BitmapEncoder.getBufferedImage(c);
      images.add(im);
      w += im.getWidth();
      h = Math.max(h, im.getHeight());
    }
    BufferedImage row = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = row.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    int x = 0;
    for (BufferedImage im : images) {
      g.drawImage(im, x, 0, null);
      x += im.getWidth();
    }
    g.dispose();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(row, "png", bytes);
      AtomicFiles.write(target, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render plot " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sets a log axis so that at least two powers of ten are labelled (positive data in [lo, hi]): XChart labels only
   * powers of ten on a log axis, so a range inside one decade would show one label or none; such a range is widened to
   * whole decades. The 2..9 multiples are drawn as minor ticks.
   */
  public static void decades(XYChart chart, boolean yAxis, double lo, double hi) {
    if (!(lo > 0) || !(hi >= lo) || !Double.isFinite(hi)) return;
    double a = Math.pow(10, Math.floor(Math.log10(lo)));
    double b = Math.pow(10, Math.ceil(Math.log10(hi)));
    if (b <= a) b = 10 * a;
    // two or more powers of ten inside the data: they are labelled already; pad by 10 % instead of whole decades
    int inside = (int) (Math.floor(Math.log10(hi)) - Math.ceil(Math.log10(lo))) + 1;
    if (inside >= 2) {
      a = lo / 1.1;
      b = hi * 1.1;
    }
    if (yAxis) {
      chart.getStyler().setYAxisMin(a).setYAxisMax(b);
      chart.getStyler().setYAxisTickLabelsFormattingFunction(Plots::decadeLabel);
    } else {
      chart.getStyler().setXAxisMin(a).setXAxisMax(b);
      chart.getStyler().setXAxisTickLabelsFormattingFunction(Plots::decadeLabel);
    }
  }

  /** 1000, 100, 10, 1, 0.1, 0.01, 0.001, then 1e-04 style: short labels for powers of ten. */
  static String decadeLabel(Double v) {
    double e = Math.log10(v);
    if (Math.abs(e - Math.rint(e)) > 1e-9) return "";
    int k = (int) Math.rint(e);
    if (k >= 0 && k <= 4) return String.valueOf((long) Math.pow(10, k));
    if (k < 0 && k >= -3) return String.format(java.util.Locale.ROOT, "%." + (-k) + "f", Math.pow(10, k));
    return "1e" + k;
  }

  /** Colour c with alpha a (0–255): the fill of a band drawn in its mean's colour. */
  public static Color withAlpha(Color c, int a) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
  }

  /** Writes the chart with a caption under it (wrapped to the chart's width), atomically. */
  public static void savePngWithCaption(XYChart chart, String caption, Path target) {
    BufferedImage im = BitmapEncoder.getBufferedImage(chart);
    java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 14);
    Graphics2D probe = im.createGraphics();
    java.awt.FontMetrics fm = probe.getFontMetrics(font);
    probe.dispose();
    List<String> lines = new ArrayList<>();
    int maxWidth = im.getWidth() - 40;
    for (String para : caption.split("\n")) {
      StringBuilder line = new StringBuilder();
      for (String word : para.split(" ")) {
        if (line.length() > 0 && fm.stringWidth(line + " " + word) > maxWidth) {
          lines.add(line.toString());
          line.setLength(0);
        }
        if (line.length() > 0) line.append(' ');
        line.append(word);
      }
      lines.add(line.toString());
    }
    int lineH = fm.getHeight();
    BufferedImage out = new BufferedImage(im.getWidth(), im.getHeight() + lines.size() * lineH + 16, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.drawImage(im, 0, 0, null);
    g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(font);
    int y = im.getHeight() + fm.getAscent() + 4;
    for (String l : lines) {
      g.drawString(l, 20, y);
      y += lineH;
    }
    g.dispose();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(out, "png", bytes);
      AtomicFiles.write(target, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render plot " + target + ": " + e.getMessage(), e);
    }
  }

  /** Writes the chart as a PNG, atomically. */
  public static void savePng(XYChart chart, Path target) {
    // render to bytes first: XChart's file writer appends ".png" to whatever name it is given
    try {
      AtomicFiles.write(target, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render plot " + target + ": " + e.getMessage(), e);
    }
  }
}
