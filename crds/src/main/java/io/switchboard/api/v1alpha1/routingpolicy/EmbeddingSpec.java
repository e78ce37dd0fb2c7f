package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonValue;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The prompt encoder of the modes that embed the prompt (bandit, llm decision cache, capability,
 * classifier, cascade predictor). A classifier model must have been trained with the same encoder,
 * length and truncation; the router refuses a mismatch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingSpec(
    @Default("minilm")
        @JsonPropertyDescription(
            "minilm: contextual all-MiniLM-L6-v2 (ONNX, ~8 ms for 128 word pieces on one core); "
                + "minilm-static: word-piece vectors distilled from it (well under 1 ms, slightly less accurate).")
        Encoder encoder,
    @Default("128")
        @Min(8)
        @Max(512)
        @JsonPropertyDescription("Word pieces embedded, [CLS]/[SEP] included.")
        Integer maxTokens,
    @Default("tail")
        @JsonPropertyDescription(
            "Which end of a longer prompt is embedded; tail keeps the question of few-shot prompts.")
        Truncation truncation) {

  public enum Encoder {
    @JsonProperty("minilm")
    MINILM("minilm"),
    @JsonProperty("minilm-static")
    MINILM_STATIC("minilm-static");

    private final String wireName;

    Encoder(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
      return wireName;
    }
  }

  public enum Truncation {
    @JsonProperty("head")
    HEAD("head"),
    @JsonProperty("tail")
    TAIL("tail");

    private final String wireName;

    Truncation(String wireName) {
      this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
      return wireName;
    }
  }
}
