package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.switchboard.api.v1alpha1.common.Names;

/** Contextual bandit over a reduced prompt embedding plus simple features. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BanditParams(
    @Default("linucb")
        @JsonPropertyDescription("linucb, or the baselines thompson and epsilon-greedy.")
        Algorithm algorithm,
    @Default("1.0") @Min(0) @Max(100) @JsonPropertyDescription("LinUCB exploration width.")
        Double alpha,
    @Default("0.1") @Min(0) @Max(1) @JsonPropertyDescription("Exploration rate of epsilon-greedy.")
        Double epsilon,
    @Default("32")
        @Min(4)
        @Max(384)
        @JsonPropertyDescription("Context dimensions after reducing the embedding.")
        Integer contextDims,
    @Default("30")
        @Min(5)
        @Max(3600)
        @JsonPropertyDescription(
            "How often router replicas snapshot and merge learned state, seconds.")
        Integer stateSyncSeconds,
    @Size(max = Names.EXPERT_NAME_MAX)
        @JsonPropertyDescription("Expert that grades a sample of answers as implicit feedback.")
        String judgeExpert,
    @Default("0")
        @Min(0)
        @Max(100)
        @JsonPropertyDescription("Percent of requests graded by the judge.")
        Integer judgeSamplePercent) {

  public enum Algorithm {
    @JsonProperty("linucb")
    LINUCB,
    @JsonProperty("thompson")
    THOMPSON,
    @JsonProperty("epsilon-greedy")
    EPSILON_GREEDY
  }
}
