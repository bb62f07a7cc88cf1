package hdlab.cli.plot;

import hdlab.cli.io.AtomicFiles;
import java.nio.file.Path;
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
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    chart.getStyler().setMarkerSize(0);
    return chart;
  }

  /** Writes the chart as a PNG, atomically. */
  public static void savePng(XYChart chart, Path target) {
    // write through a stream: saveBitmap(chart, String, ...) appends ".png" to the temp file's name
    AtomicFiles.write(target, tmp -> {
      try (var out = java.nio.file.Files.newOutputStream(tmp)) {
        BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
      }
    });
  }
}
