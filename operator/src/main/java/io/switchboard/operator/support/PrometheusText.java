package io.switchboard.operator.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition (the routers' {@code /q/metrics}, the engines' {@code
 * /metrics}).
 */
public final class PrometheusText {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample; {@code le} of histogram buckets is a label like any other. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String name) {
      return labels.get(name);
    }

    /** A bucket's upper bound ({@code +Inf} included), NaN when this is not a bucket. */
    public double upperBound() {
      String le = labels.get("le");
      if (le == null) {
        return Double.NaN;
      }
      return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }
  }

  private PrometheusText() {}

  /** Every parseable sample; comments, blank and malformed lines are skipped. */
  public static List<Sample> parse(String exposition) {
    List<Sample> samples = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.find()) {
        continue;
      }
      double value;
      try {
        value = Double.parseDouble(m.group(4));
      } catch (NumberFormatException e) {
        continue;
      }
      samples.add(new Sample(m.group(1), labels(m.group(3)), value));
    }
    return samples;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new HashMap<>();
    if (text != null) {
      Matcher m = LABEL.matcher(text);
      while (m.find()) {
        labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
      }
    }
    return labels;
  }
}
