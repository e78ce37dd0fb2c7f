package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;
import java.util.List;

/** Cheapest adequate expert first; escalate while confidence is below the threshold. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.confidence != 'judge' || has(self.judgeExpert)",
    message = "confidence judge requires judgeExpert")
@ValidationRule(
    value = "!has(self.order) || size(self.order) >= 2",
    message = "a cascade needs at least two experts in order")
public record CascadeParams(
    @Size(max = 5)
        @JsonPropertyDescription("Experts from cheapest to strongest; by price when absent.")
        List<@Size(max = Names.EXPERT_NAME_MAX) String> order,
    @Default("logprobs")
        @JsonPropertyDescription(
            "Where confidence comes from: token logprobs, a learned quality predictor, or a judge expert.")
        Confidence confidence,
    @Required @Min(0) @Max(1) @JsonPropertyDescription("Escalate when confidence is below this.")
        Double threshold,
    @Size(max = Names.EXPERT_NAME_MAX)
        @JsonPropertyDescription("Expert that grades answers when confidence is judge.")
        String judgeExpert,
    @Default("2") @Min(1) @Max(5) @JsonPropertyDescription("Most experts tried for one request.")
        Integer maxDepth,
    @Default("10000")
        @Min(0)
        @Max(600000)
        @JsonPropertyDescription("Stop escalating once this much latency has been added, ms.")
        Integer maxAddedLatencyMs,
    @Default("buffer-first-stage")
        @JsonPropertyDescription(
            "stream: true requests: buffer each draft until its confidence is known and escalate"
                + " when low (buffer-first-stage), or stream the first stage unjudged, never"
                + " escalated (stream-first-stage).")
        Streaming streaming) {

  public enum Confidence {
    @JsonProperty("logprobs")
    LOGPROBS,
    @JsonProperty("predictor")
    PREDICTOR,
    @JsonProperty("judge")
    JUDGE
  }

  public enum Streaming {
    @JsonProperty("buffer-first-stage")
    BUFFER_FIRST_STAGE,
    @JsonProperty("stream-first-stage")
    STREAM_FIRST_STAGE
  }
}
