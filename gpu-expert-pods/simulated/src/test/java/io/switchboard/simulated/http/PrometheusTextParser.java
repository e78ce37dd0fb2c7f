package io.switchboard.simulated.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parser of the Prometheus text exposition format 0.0.4 (the format real vLLM serves), for
 * tests: every line must be a HELP/TYPE/comment line or a well-formed sample; a TYPE must precede
 * its samples and appear once; histogram samples must be {@code _bucket} (with {@code le}), {@code
 * _sum} or {@code _count}, buckets cumulative and the {@code +Inf} bucket equal to {@code _count}.
 * Throws {@link IllegalArgumentException} naming the line.
 */
final class PrometheusTextParser {

  record Sample(String name, Map<String, String> labels, double value) {}

  record Family(String name, String type, List<Sample> samples) {}

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_sum", "_count");

  static Map<String, Family> parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int number = i + 1;
      if (line.isEmpty()) {
        if (i != lines.length - 1) {
          throw error(number, line, "empty line");
        }
        continue;
      }
      if (line.startsWith("#")) {
        Matcher type = TYPE.matcher(line);
        if (type.matches()) {
          if (families.containsKey(type.group(1))) {
            throw error(number, line, "second TYPE for " + type.group(1));
          }
          families.put(type.group(1), new Family(type.group(1), type.group(2), new ArrayList<>()));
        } else if (line.startsWith("# HELP ") && !HELP.matcher(line).matches()) {
          throw error(number, line, "malformed HELP");
        } else if (line.startsWith("# TYPE")) {
          throw error(number, line, "malformed TYPE");
        }
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw error(number, line, "malformed sample");
      }
      Map<String, String> labels = labels(sample.group(3), number, line);
      double value = value(sample.group(4), number, line);
      Family family = familyOf(families, sample.group(1), labels, number, line);
      family.samples().add(new Sample(sample.group(1), labels, value));
    }
    families.values().forEach(PrometheusTextParser::checkHistogram);
    return families;
  }

  private static Family familyOf(
      Map<String, Family> families,
      String name,
      Map<String, String> labels,
      int number,
      String line) {
    Family exact = families.get(name);
    if (exact != null && !exact.type().equals("histogram")) {
      return exact;
    }
    for (String suffix : HISTOGRAM_SUFFIXES) {
      if (name.endsWith(suffix)) {
        Family histogram = families.get(name.substring(0, name.length() - suffix.length()));
        if (histogram != null && histogram.type().equals("histogram")) {
          if (suffix.equals("_bucket") && !labels.containsKey("le")) {
            throw error(number, line, "bucket without le");
          }
          return histogram;
        }
      }
    }
    throw error(number, line, "sample without a preceding TYPE");
  }

  private static void checkHistogram(Family family) {
    if (!family.type().equals("histogram")) {
      return;
    }
    double previous = -1;
    Double infinity = null;
    Double count = null;
    for (Sample sample : family.samples()) {
      if (sample.name().endsWith("_bucket")) {
        if (sample.value() < previous) {
          throw new IllegalArgumentException(family.name() + ": buckets not cumulative");
        }
        previous = sample.value();
        if (sample.labels().get("le").equals("+Inf")) {
          infinity = sample.value();
        }
      } else if (sample.name().endsWith("_count")) {
        count = sample.value();
      }
    }
    if (infinity == null || !infinity.equals(count)) {
      throw new IllegalArgumentException(
          family.name() + ": +Inf bucket " + infinity + " differs from _count " + count);
    }
  }

  private static Map<String, String> labels(String body, int number, String line) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return labels;
    }
    Matcher label = LABEL.matcher(body);
    int position = 0;
    while (position < body.length()) {
      if (!label.find(position) || label.start() != position) {
        throw error(number, line, "malformed label at " + position);
      }
      if (labels.put(label.group(1), label.group(2)) != null) {
        throw error(number, line, "duplicate label " + label.group(1));
      }
      position = label.end();
    }
    return labels;
  }

  private static double value(String text, int number, String line) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        if (!NUMBER.matcher(text).matches()) {
          throw error(number, line, "bad value " + text);
        }
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw error(number, line, "bad value " + text);
        }
    }
  }

  private static IllegalArgumentException error(int number, String line, String problem) {
    return new IllegalArgumentException("line " + number + ": " + problem + ": " + line);
  }
}
