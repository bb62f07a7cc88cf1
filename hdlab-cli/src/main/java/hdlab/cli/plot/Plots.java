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
