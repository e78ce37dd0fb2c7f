package io.switchboard.router.core.spi;

import java.util.OptionalDouble;

/**
 * Outcome of one routed request, delivered to {@link RoutingStrategy#feedback(Feedback)}.
 *
 * <p>Two sources: the data plane sends an {@link Source#OUTCOME} for every completed request
 * (latency, cost, no score), and {@code POST /v1/feedback} sends an {@link Source#EXPLICIT} one
 * carrying the client's score for a request id (the data plane fills in the expert, latency and
 * cost it recorded for that id, when it still has them). A third, {@link Source#JUDGE}, carries a
 * judge expert's grade of a sampled answer (see {@code strategy.judge.JudgedFeedbackStrategy}).
 * Strategies needing the request's context (e.g. a bandit's feature vector) keep it keyed by
 * request id.
 *
 * @param requestId the request's {@code x-request-id}
 * @param expert expert whose answer was sent
 * @param score quality score in [0,1] when known (explicit or judge feedback); empty for outcome
 *     feedback
 * @param latencyMs total latency of the request as the router saw it, -1 if unknown
 * @param costUsd cost of the request (all stages), NaN if unknown
 * @param success false when the request ended in an upstream error
 * @param source where the feedback came from
 */
public record Feedback(
    String requestId,
    String expert,
    OptionalDouble score,
    long latencyMs,
    double costUsd,
    boolean success,
    Source source) {

  public enum Source {
    OUTCOME,
    EXPLICIT,
    JUDGE
  }
}
