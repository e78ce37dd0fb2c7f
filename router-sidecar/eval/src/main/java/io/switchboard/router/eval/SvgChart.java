package io.switchboard.router.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimal line/scatter chart written as SVG by hand: a few series over shared axes with a legend.
 * Enough for the evaluation plots; no plotting library is served that fits.
 */
public final class SvgChart {

  /** One series; {@code linesToo} false draws only markers (e.g. single experts on a frontier). */
  public record Series(String name, double[] x, double[] y, boolean linesToo) {}

  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#000000", "#aec7e8"
  };
  private static final int PLOT_WIDTH = 470;
  private static final int HEIGHT = 480;
  private static final int LEFT = 70;

  /**
   * Room right of the plot for the legend: at least this, more for long series names (≈ 7 px a
   * character).
   */
  private static final int MIN_RIGHT = 220;

  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  public SvgChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public SvgChart add(Series s) {
    series.add(s);
    return this;
  }

  public void write(Path file) throws IOException {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          minX = Math.min(minX, s.x()[i]);
          maxX = Math.max(maxX, s.x()[i]);
          minY = Math.min(minY, s.y()[i]);
          maxY = Math.max(maxY, s.y()[i]);
        }
      }
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    double padY = (maxY - minY) * 0.05;
    minY -= padY;
    maxY += padY;
    int plotW = PLOT_WIDTH;
    int longestName = series.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    int width = LEFT + PLOT_WIDTH + Math.max(MIN_RIGHT, 40 + 7 * longestName);
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            HEIGHT));
    svg.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, HEIGHT));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n",
            LEFT,
            escape(title)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
            LEFT,
            TOP,
            plotW,
            plotH));
    for (int k = 0; k <= 5; k++) {
      double xv = minX + (maxX - minX) * k / 5;
      double yv = minY + (maxY - minY) * k / 5;
      double px = LEFT + plotW * k / 5.0;
      double py = TOP + plotH - plotH * k / 5.0;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n",
              px,
              TOP,
              px,
              TOP + plotH));
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
              LEFT,
              py,
              LEFT + plotW,
              py));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              px,
              TOP + plotH + 16,
              tick(xv)));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              LEFT - 6,
              py + 4,
              tick(yv)));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            LEFT + plotW / 2,
            HEIGHT - 18,
            escape(xLabel)));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
            TOP + plotH / 2,
            TOP + plotH / 2,
            escape(yLabel)));
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      String colour = COLOURS[s % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < line.x().length; i++) {
        if (!Double.isFinite(line.x()[i]) || !Double.isFinite(line.y()[i])) {
          continue;
        }
        double px = LEFT + plotW * (line.x()[i] - minX) / (maxX - minX);
        double py = TOP + plotH - plotH * (line.y()[i] - minY) / (maxY - minY);
        path.append(path.length() == 0 ? "M" : " L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
        if (line.x().length <= 60 || !line.linesToo()) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                  px,
                  py,
                  colour));
        }
      }
      if (line.linesToo() && path.length() > 0) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"/>%n",
                path,
                colour));
      }
      int ly = TOP + 10 + s * 18;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n",
              LEFT + plotW + 12,
              ly - 10,
              colour));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\">%s</text>%n",
              LEFT + plotW + 30,
              ly,
              escape(line.name())));
    }
    svg.append("</svg>\n");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, svg);
  }

  private static String tick(double value) {
    double magnitude = Math.abs(value);
    return magnitude >= 1000
        ? String.format(Locale.ROOT, "%.0f", value)
        : magnitude >= 10
            ? String.format(Locale.ROOT, "%.1f", value)
            : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
