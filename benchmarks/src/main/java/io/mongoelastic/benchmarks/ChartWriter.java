package io.mongoelastic.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** One PNG: throughput bars of every figure on top, freshness latency percentiles below. */
final class ChartWriter {
  private static final int WIDTH = 1400;
  private static final int TOP = 700;
  private static final int BOTTOM = 400;

  private ChartWriter() {}

  static void write(BenchmarkContext ctx, Path file) {
    DefaultCategoryDataset throughput = new DefaultCategoryDataset();
    for (Measurement m : ctx.measurements.values()) {
      if (m.hasRuns()) {
        throughput.addValue(m.medianRate(), m.variant, m.scenario + " / " + m.group);
      }
    }
    JFreeChart bars =
        ChartFactory.createBarChart(
            "Throughput (median documents or changes per second)",
            null,
            "per second",
            throughput,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryAxis axis = bars.getCategoryPlot().getDomainAxis();
    axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    bars.setBackgroundPaint(Color.WHITE);

    DefaultCategoryDataset latency = new DefaultCategoryDataset();
    for (FreshnessResult f : ctx.freshness) {
      for (LatencyWindow w : f.phases()) {
        if (w.changes() > 0) {
          String label = f.label() + ", " + w.name();
          latency.addValue(w.p50Ms(), "p50", label);
          latency.addValue(w.p99Ms(), "p99", label);
          latency.addValue(w.maxMs(), "max", label);
        }
      }
    }
    JFreeChart percentiles =
        ChartFactory.createBarChart(
            "Freshness: MongoDB write → acknowledged by Elasticsearch (ms)",
            null,
            "milliseconds",
            latency,
            PlotOrientation.HORIZONTAL,
            true,
            false,
            false);
    percentiles.setBackgroundPaint(Color.WHITE);

    BufferedImage image = new BufferedImage(WIDTH, TOP + BOTTOM, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, TOP + BOTTOM);
    bars.draw(g, new Rectangle2D.Double(0, 0, WIDTH, TOP));
    percentiles.draw(g, new Rectangle2D.Double(0, TOP, WIDTH, BOTTOM));
    g.dispose();
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
