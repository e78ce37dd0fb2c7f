package io.switchboard.router.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * Multi-stage (cascade) execution the data plane carries out for a {@link Decision}.
 *
 * <p>Execution: the data plane calls {@link Decision#expert()}, buffers the complete answer, and
 * asks {@link #check()}; on {@link Verdict#accept() accept} the buffered answer is sent to the
 * client, otherwise it calls the next expert of {@link #escalateTo()} and repeats, until an answer
 * is accepted, the stages are exhausted (the last answer is sent), or {@link #maxAddedLatencyMs()}
 * has been spent on rejected stages (the current answer is sent). Every stage's usage and cost is
 * accounted; the response headers name the expert whose answer was sent and the decision reason
 * lists the path (e.g. {@code cascade; small>large}).
 *
 * <p>Streaming: when the client asked for {@code stream: true}, each stage is still called
 * streaming but its SSE frames are buffered; only the accepted stage's frames are replayed to the
 * client, unchanged. Time to first token is therefore the whole stage latency; this is the
 * documented price of cascading a streamed request.
 *
 * <p>Logprobs: when {@link #requestLogprobs()} is true the data plane adds {@code "logprobs": true}
 * to the upstream request if the client did not set {@code logprobs} itself.
 *
 * @param escalateTo experts after the first one, in order
 * @param check judges each buffered answer
 * @param maxAddedLatencyMs latency budget of rejected stages
 * @param requestLogprobs ask upstreams for token logprobs
 */
public record EscalationPlan(
    List<String> escalateTo,
    EscalationCheck check,
    long maxAddedLatencyMs,
    boolean requestLogprobs) {
  public EscalationPlan {
    escalateTo = List.copyOf(escalateTo);
    Objects.requireNonNull(check, "check");
  }
}
