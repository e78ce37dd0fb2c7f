package io.switchboard.e2e.run;

import java.util.List;
import java.util.Locale;

/**
 * What the {@code llm} mode's path did, from the router's decision headers ({@code llm; REASON}:
 * {@code router-llm} = the router LLM's reply parsed and named a candidate in time, {@code
 * cache-exact} / {@code cache-semantic} = a cached decision, {@code llm-fallback} = timeout,
 * upstream error or refused reply, decided by the fallback mode) and from the simulated router
 * expert's own log (replies served and their latency).
 */
public record LlmRouterReport(
    int decisions,
    int routerLlm,
    int exactHits,
    int semanticHits,
    int fallbacks,
    int repliesServed,
    double routeP50Ms,
    double routeP99Ms) {

  public static LlmRouterReport of(List<Replay.Sample> samples, SimulatedSignals.Measured signals) {
    int decisions = 0;
    int routerLlm = 0;
    int exact = 0;
    int semantic = 0;
    int fallbacks = 0;
    for (Replay.Sample sample : samples) {
      String decision = sample.reply().decision();
      if (decision == null || !decision.startsWith("llm; ")) {
        continue;
      }
      decisions++;
      String reason = decision.substring("llm; ".length());
      routerLlm += reason.equals("router-llm") ? 1 : 0;
      exact += reason.equals("cache-exact") ? 1 : 0;
      semantic += reason.equals("cache-semantic") ? 1 : 0;
      fallbacks += reason.equals("llm-fallback") ? 1 : 0;
    }
    return new LlmRouterReport(
        decisions,
        routerLlm,
        exact,
        semantic,
        fallbacks,
        signals.routes(),
        signals.routeP50Ms(),
        signals.routeP99Ms());
  }

  /** Router LLM calls: every decision not served from the cache. */
  public int routerCalls() {
    return routerLlm + fallbacks;
  }

  public String markdown() {
    return "| llm path (SIMULATED router expert) | decisions | router calls | replies parsed, valid, in time "
        + "| exact cache hits | semantic cache hits | fell back | router call p50 / p99 ms (at the router expert) |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        + String.format(
            Locale.ROOT,
            "| llm | %d | %d | %s | %s | %s | %d | %s / %s |%n",
            decisions,
            routerCalls(),
            share(routerLlm, routerCalls()),
            share(exactHits, decisions),
            share(semanticHits, decisions),
            fallbacks,
            ResultTable.number(routeP50Ms, 0),
            ResultTable.number(routeP99Ms, 0));
  }

  private static String share(int count, int of) {
    return of == 0 ? "-" : String.format(Locale.ROOT, "%d (%.1f%%)", count, 100.0 * count / of);
  }
}
