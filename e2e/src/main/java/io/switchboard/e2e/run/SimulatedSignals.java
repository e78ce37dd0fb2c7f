package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.e2e.local.LocalKubelet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Measures the <b>simulated</b> signals on the run's own prompts: the simulated experts log what
 * they emitted with the recorded truth ({@code GET /admin/signals}), the harness clears the logs
 * before a mode ({@code DELETE}) and reads them after. Measured: the AUROC of the logprob
 * confidences (cascade) for recorded correct vs wrong answers, the share of judge verdicts (grade
 * &gt;= 6) agreeing with the recorded verdict (score &gt;= 0.5; bandit), and the share of router
 * replies naming the recorded best-value expert with their latency at the router expert (llm).
 */
public final class SimulatedSignals {

  /**
   * One mode's measurement; NaN where nothing of the kind was emitted. Declared values are NaN when
   * the experts that emitted disagree.
   */
  public record Measured(
      int confidences,
      double confidenceAuroc,
      double declaredConfidenceAuroc,
      int judgements,
      double judgeAgreement,
      double declaredJudgeAgreement,
      int routes,
      double routerBestValueShare,
      double declaredRouterAccuracy,
      double routeP50Ms,
      double routeP99Ms) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final LocalKubelet kubelet;
  private final List<String> services;

  /**
   * @param services the simulated experts' Service names (port 8000)
   */
  public SimulatedSignals(LocalKubelet kubelet, List<String> services) {
    this.kubelet = kubelet;
    this.services = List.copyOf(services);
  }

  public void clear() throws IOException, InterruptedException {
    for (String service : services) {
      send(HttpRequest.newBuilder(uri(service)).DELETE());
    }
  }

  public Measured measure() throws IOException, InterruptedException {
    List<double[]> confidences = new ArrayList<>(); // {recorded score, confidence}
    List<double[]> judgements = new ArrayList<>(); // {recorded score, grade}
    List<double[]> routes = new ArrayList<>(); // {1 if best value, latency ms}
    Set<Double> declaredAuroc = new TreeSet<>();
    Set<Double> declaredAgreement = new TreeSet<>();
    Set<Double> declaredAccuracy = new TreeSet<>();
    for (String service : services) {
      JsonNode log = JSON.readTree(send(HttpRequest.newBuilder(uri(service)).GET()));
      for (JsonNode c : log.path("confidences")) {
        confidences.add(
            new double[] {c.path("recordedScore").asDouble(), c.path("confidence").asDouble()});
        declaredAuroc.add(log.path("declaredConfidenceAuroc").asDouble());
      }
      for (JsonNode j : log.path("judgements")) {
        judgements.add(
            new double[] {j.path("recordedScore").asDouble(), j.path("grade").asDouble()});
        declaredAgreement.add(log.path("declaredJudgeAgreement").asDouble());
      }
      for (JsonNode r : log.path("routes")) {
        boolean best = r.path("chosen").asText().equals(r.path("best").asText(null));
        routes.add(new double[] {best ? 1 : 0, r.path("latencyMs").asDouble()});
        declaredAccuracy.add(log.path("declaredRouterAccuracy").asDouble());
      }
    }
    double[] latencies = routes.stream().mapToDouble(r -> r[1]).sorted().toArray();
    return new Measured(
        confidences.size(),
        auroc(confidences),
        single(declaredAuroc),
        judgements.size(),
        judgements.isEmpty()
            ? Double.NaN
            : judgements.stream().filter(j -> passes(j[0]) == (j[1] >= 6)).count()
                / (double) judgements.size(),
        single(declaredAgreement),
        routes.size(),
        routes.isEmpty()
            ? Double.NaN
            : routes.stream().mapToDouble(r -> r[0]).sum() / routes.size(),
        single(declaredAccuracy),
        percentile(latencies, 50),
        percentile(latencies, 99));
  }

  /** Recorded verdict: 0/1 and 0..1 scores pass at 0.5, 1..10 judge scores at 5.5. */
  static boolean passes(double recordedScore) {
    double quality = recordedScore > 1 ? (recordedScore - 1) / 9 : recordedScore;
    return quality >= 0.5;
  }

  /**
   * Mann-Whitney AUROC of the confidences of passing vs failing recorded answers; NaN with one
   * class.
   */
  static double auroc(List<double[]> scoreAndConfidence) {
    double[] right =
        scoreAndConfidence.stream().filter(p -> passes(p[0])).mapToDouble(p -> p[1]).toArray();
    double[] wrong =
        scoreAndConfidence.stream().filter(p -> !passes(p[0])).mapToDouble(p -> p[1]).toArray();
    if (right.length == 0 || wrong.length == 0) {
      return Double.NaN;
    }
    double wins = 0;
    for (double r : right) {
      for (double w : wrong) {
        wins += r > w ? 1 : r == w ? 0.5 : 0;
      }
    }
    return wins / ((double) right.length * wrong.length);
  }

  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double single(Set<Double> values) {
    return values.size() == 1 ? values.iterator().next() : Double.NaN;
  }

  /** The table of measured signals, one row per mode that used any (Markdown). */
  public static String table(List<String> modes, List<Measured> measured) {
    StringBuilder out =
        new StringBuilder(
            "| mode | SIMULATED signal | declared | measured on this run's prompts | n |\n"
                + "|---|---|---:|---:|---:|\n");
    for (int i = 0; i < modes.size(); i++) {
      Measured m = measured.get(i);
      if (m.confidences() > 0) {
        row(
            out,
            modes.get(i),
            "logprob confidence: AUROC, recorded correct vs wrong",
            m.declaredConfidenceAuroc(),
            m.confidenceAuroc(),
            m.confidences());
      }
      if (m.judgements() > 0) {
        row(
            out,
            modes.get(i),
            "judge: verdict (grade >= 6) agrees with recorded",
            m.declaredJudgeAgreement(),
            m.judgeAgreement(),
            m.judgements());
      }
      if (m.routes() > 0) {
        row(
            out,
            modes.get(i),
            "router LLM: names the recorded best-value expert",
            m.declaredRouterAccuracy(),
            m.routerBestValueShare(),
            m.routes());
      }
    }
    return out.toString();
  }

  /** A short label for the main table's signal column, or "-". */
  public static String label(Measured m) {
    List<String> parts = new ArrayList<>();
    if (m.confidences() > 0) {
      parts.add("logprob AUROC " + ResultTable.number(m.confidenceAuroc(), 3));
    }
    if (m.judgements() > 0) {
      parts.add("judge agreement " + ResultTable.number(m.judgeAgreement(), 3));
    }
    if (m.routes() > 0) {
      parts.add("router best-value " + ResultTable.number(m.routerBestValueShare(), 3));
    }
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  private static void row(
      StringBuilder out, String mode, String signal, double declared, double measured, int n) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s | %d |%n",
            mode,
            signal,
            ResultTable.number(declared, 2),
            ResultTable.number(measured, 3),
            n));
  }

  private URI uri(String service) {
    String base =
        kubelet
            .serviceUrl(service, 8000)
            .orElseThrow(() -> new IllegalStateException("no simulated expert behind " + service));
    return URI.create(base + "/admin/signals");
  }

  private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IOException("simulated expert signals: HTTP " + response.statusCode());
    }
    return response.body();
  }
}
