package io.switchboard.e2e.run;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML report with inline SVG: cost vs quality per mode, and share per expert per
 * mode.
 */
public final class HtmlReport {

  private static final String[] COLOURS = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2"
  };

  private final List<String> experts;

  public HtmlReport(List<String> experts) {
    this.experts = experts;
  }

  public String render(String title, String notes, List<ModeSummary> rows, String markdownTable) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title>"
        + "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}"
        + "td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}.note{background:#fff7e0;padding:8px}</style>"
        + "</head><body><h1>"
        + escape(title)
        + "</h1><p class=\"note\">"
        + escape(notes)
        + "</p>"
        + "<h2>Cost vs quality</h2>"
        + scatter(rows)
        + "<h2>Share per expert</h2>"
        + shares(rows)
        + "<h2>Table</h2>"
        + table(rows)
        + "<h2>Markdown</h2><pre>"
        + escape(markdownTable)
        + "</pre></body></html>";
  }

  private String scatter(List<ModeSummary> rows) {
    int w = 860; // the right 160 px keep labels of the costliest points inside the picture
    int h = 420;
    int left = 70;
    int bottom = 50;
    double maxCost =
        rows.stream()
                .mapToDouble(ModeSummary::recordedCostPer1k)
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(1)
            * 1.1;
    double minQ =
        Math.max(
            0,
            rows.stream()
                    .mapToDouble(ModeSummary::meanQuality)
                    .filter(d -> !Double.isNaN(d))
                    .min()
                    .orElse(0)
                - 0.05);
    double maxQ =
        Math.min(
            1.05,
            rows.stream()
                    .mapToDouble(ModeSummary::meanQuality)
                    .filter(d -> !Double.isNaN(d))
                    .max()
                    .orElse(1)
                + 0.05);
    StringBuilder svg =
        new StringBuilder(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" + h + "\">");
    svg.append(line(left, h - bottom, w - 160, h - bottom))
        .append(line(left, 10, left, h - bottom));
    svg.append(
        text(w / 2 - 150, h - 10, "USD per 1k requests (recorded cost of the chosen model)"));
    svg.append(
        "<text x=\"15\" y=\""
            + (h / 2 + 80)
            + "\" transform=\"rotate(-90 15 "
            + (h / 2 + 80)
            + ")\" font-size=\"12\">mean quality (recorded score, SIMULATED experts)</text>");
    for (int i = 0; i <= 4; i++) {
      double c = maxCost * i / 4;
      double q = minQ + (maxQ - minQ) * i / 4;
      svg.append(text(x(c, maxCost, left, w) - 10, h - bottom + 15, fmt(c, 2)));
      svg.append(text(left - 40, y(q, minQ, maxQ, h, bottom) + 4, fmt(q, 2)));
    }
    java.util.Map<String, Integer> labelsAt = new java.util.HashMap<>();
    for (ModeSummary row : rows) {
      if (Double.isNaN(row.meanQuality()) || Double.isNaN(row.recordedCostPer1k())) {
        continue;
      }
      double cx = x(row.recordedCostPer1k(), maxCost, left, w);
      double cy = y(row.meanQuality(), minQ, maxQ, h, bottom);
      svg.append(
          row.baseline()
              ? "<rect x=\""
                  + fmt(cx - 4, 1)
                  + "\" y=\""
                  + fmt(cy - 4, 1)
                  + "\" width=\"8\" height=\"8\" fill=\"#999\"/>"
              : "<circle cx=\""
                  + fmt(cx, 1)
                  + "\" cy=\""
                  + fmt(cy, 1)
                  + "\" r=\"5\" fill=\"#4e79a7\"/>");
      // Points that coincide (e.g. two modes that both always pick one expert) get stacked labels.
      int earlier =
          labelsAt.merge(Math.round(cx / 6) + ":" + Math.round(cy / 6), 1, Integer::sum) - 1;
      svg.append(text(cx + 7, cy - 6 + earlier * 13, row.name()));
    }
    return svg.append("</svg>").toString();
  }

  private String shares(List<ModeSummary> rows) {
    int barH = 22;
    int left = 230;
    int width = 420;
    int h = rows.size() * (barH + 8) + 40;
    StringBuilder svg =
        new StringBuilder(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
                + (left + width + 20)
                + "\" height=\""
                + h
                + "\">");
    int y = 10;
    for (ModeSummary row : rows) {
      svg.append(text(5, y + 15, row.name()));
      double x = left;
      for (int i = 0; i < experts.size(); i++) {
        double share = row.shares().getOrDefault(experts.get(i), 0.0);
        svg.append(
            "<rect x=\""
                + fmt(x, 1)
                + "\" y=\""
                + y
                + "\" width=\""
                + fmt(share * width, 1)
                + "\" height=\""
                + barH
                + "\" fill=\""
                + COLOURS[i % COLOURS.length]
                + "\"><title>"
                + escape(experts.get(i))
                + " "
                + fmt(share * 100, 0)
                + "%</title></rect>");
        x += share * width;
      }
      y += barH + 8;
    }
    int lx = left;
    for (int i = 0; i < experts.size(); i++) {
      svg.append(
              "<rect x=\""
                  + lx
                  + "\" y=\""
                  + (y + 4)
                  + "\" width=\"10\" height=\"10\" fill=\""
                  + COLOURS[i % COLOURS.length]
                  + "\"/>")
          .append(text(lx + 14, y + 13, experts.get(i)));
      lx += 100;
    }
    return svg.append("</svg>").toString();
  }

  private String table(List<ModeSummary> rows) {
    StringBuilder out =
        new StringBuilder(
            "<table><tr><th>mode</th><th>requests</th><th>errors</th>"
                + "<th>mean quality (SIMULATED)</th><th>USD/1k (usage x price)</th><th>USD/1k (recorded)</th>"
                + "<th>p50 ms (SIMULATED)</th><th>p95 ms (SIMULATED)</th></tr>");
    for (ModeSummary r : rows) {
      out.append("<tr><td>")
          .append(escape(r.name()))
          .append(r.baseline() ? " (from data)" : "")
          .append("</td><td>")
          .append(r.requests())
          .append("</td><td>")
          .append(r.baseline() ? "-" : r.errors())
          .append("</td><td>")
          .append(ResultTable.number(r.meanQuality(), 3))
          .append("</td><td>")
          .append(ResultTable.number(r.usageCostPer1k(), 3))
          .append("</td><td>")
          .append(ResultTable.number(r.recordedCostPer1k(), 3))
          .append("</td><td>")
          .append(ResultTable.number(r.p50Ms(), 0))
          .append("</td><td>")
          .append(ResultTable.number(r.p95Ms(), 0))
          .append("</td></tr>");
    }
    return out.append("</table>").toString();
  }

  private static double x(double cost, double maxCost, int left, int w) {
    return left + cost / maxCost * (w - left - 170);
  }

  private static double y(double q, double minQ, double maxQ, int h, int bottom) {
    return (h - bottom) - (q - minQ) / (maxQ - minQ) * (h - bottom - 20);
  }

  private static String line(int x1, int y1, int x2, int y2) {
    return "<line x1=\""
        + x1
        + "\" y1=\""
        + y1
        + "\" x2=\""
        + x2
        + "\" y2=\""
        + y2
        + "\" stroke=\"#333\"/>";
  }

  private static String text(double x, double y, String s) {
    return "<text x=\""
        + fmt(x, 1)
        + "\" y=\""
        + fmt(y, 1)
        + "\" font-size=\"11\">"
        + escape(s)
        + "</text>";
  }

  private static String fmt(double v, int d) {
    return String.format(Locale.ROOT, "%." + d + "f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
