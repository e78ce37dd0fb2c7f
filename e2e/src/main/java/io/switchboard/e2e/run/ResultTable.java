package io.switchboard.e2e.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The result table as Markdown (printed on the console and pasted into docs). */
public final class ResultTable {

  private final List<String> experts;

  public ResultTable(List<String> experts) {
    this.experts = experts;
  }

  public String render(List<ModeSummary> rows) {
    return render(rows, Map.of());
  }

  /**
   * @param signals per mode, the SIMULATED signals it used as measured on the run (a column of
   *     their own, so those rows read as resting on simulated signals)
   */
  public String render(List<ModeSummary> rows, Map<String, String> signals) {
    StringBuilder out = new StringBuilder();
    out.append(
        "| mode | requests | errors | mean quality (SIMULATED) | USD/1k req (usage x price) "
            + "| USD/1k req (recorded) | p50 ms (SIMULATED) | p95 ms (SIMULATED) | fallback / escalated "
            + "| SIMULATED signals (measured) | share per expert |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (ModeSummary row : rows) {
      out.append("| ")
          .append(row.baseline() ? "_" + row.name() + "_ (from data)" : row.name())
          .append(" | ")
          .append(row.requests())
          .append(" | ")
          .append(row.baseline() ? "-" : String.valueOf(row.errors()))
          .append(" | ")
          .append(number(row.meanQuality(), 3))
          .append(" | ")
          .append(number(row.usageCostPer1k(), 3))
          .append(" | ")
          .append(number(row.recordedCostPer1k(), 3))
          .append(" | ")
          .append(number(row.p50Ms(), 0))
          .append(" | ")
          .append(number(row.p95Ms(), 0))
          .append(" | ")
          .append(row.baseline() ? "-" : row.fallbacks() + " / " + row.escalations())
          .append(" | ")
          .append(row.baseline() ? "-" : signals.getOrDefault(row.name(), "-"))
          .append(" | ")
          .append(shares(row.shares()))
          .append(" |\n");
    }
    return out.toString();
  }

  private String shares(Map<String, Double> shares) {
    return experts.stream()
        .filter(shares::containsKey)
        .map(e -> e + " " + Math.round(shares.get(e) * 100) + "%")
        .collect(Collectors.joining(", "));
  }

  static String number(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
