package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Cascade: try experts cheapest-first, escalate while confidence is below {@code threshold}.
 *
 * @param order experts in escalation order (required, at least one)
 * @param confidence logprobs (mean token probability), predictor (learned), judge (a judge expert)
 * @param threshold accept an answer when confidence ≥ threshold, in [0,1] (default 0.7)
 * @param judgeExpert expert asked to grade answers when confidence = judge
 * @param maxDepth maximum number of stages tried (default = order size)
 * @param maxAddedLatencyMs no further escalation once this much latency was added by earlier stages
 *     (default 10000)
 * @param streaming what a {@code stream: true} request gets: each draft buffered and judged
 *     (default), or the first stage streamed unjudged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CascadeParams(
    List<String> order,
    ConfidenceSource confidence,
    Double threshold,
    String judgeExpert,
    Integer maxDepth,
    Long maxAddedLatencyMs,
    CascadeStreaming streaming) {

  public static final CascadeParams DEFAULT =
      new CascadeParams(null, null, null, null, null, null, null);

  public CascadeParams {
    order = order == null ? List.of() : List.copyOf(order);
    confidence = confidence == null ? ConfidenceSource.LOGPROBS : confidence;
    threshold = threshold == null ? 0.7 : threshold;
    maxDepth = maxDepth == null ? Math.max(1, order.size()) : maxDepth;
    maxAddedLatencyMs = maxAddedLatencyMs == null ? 10_000L : maxAddedLatencyMs;
    streaming = streaming == null ? CascadeStreaming.BUFFER_FIRST_STAGE : streaming;
  }
}
