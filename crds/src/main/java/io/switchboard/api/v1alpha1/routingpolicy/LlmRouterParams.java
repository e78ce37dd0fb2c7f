package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;

/** A small router LLM reads expert descriptions and the query and answers its choice as JSON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.fallbackMode != 'llm'",
    message = "llm.fallbackMode must be another mode than llm")
public record LlmRouterParams(
    @Required
        @Size(min = 1, max = Names.EXPERT_NAME_MAX)
        @JsonPropertyDescription("Expert that makes routing decisions.")
        String routerExpert,
    @Default("800")
        @Min(10)
        @Max(60000)
        @JsonPropertyDescription(
            "Give up on the router LLM after this many ms and use fallbackMode.")
        Integer timeoutMs,
    @Default("capability")
        @JsonPropertyDescription("Mode used when the router LLM times out or answers badly.")
        RoutingMode fallbackMode,
    @JsonPropertyDescription("Decision cache.") DecisionCache cache) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecisionCache(
      @Default("10000")
          @Min(0)
          @Max(1000000)
          @JsonPropertyDescription("Entries kept; 0 disables the cache.")
          Integer maxEntries,
      @Default("600") @Min(1) @Max(604800) @JsonPropertyDescription("Entry lifetime, seconds.")
          Integer ttlSeconds,
      @Default("0.92")
          @Min(0)
          @Max(1)
          @JsonPropertyDescription(
              "Cosine similarity of embeddings above which a cached decision is reused.")
          Double semanticThreshold) {}
}
