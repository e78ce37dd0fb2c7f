package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a cascade stage judges whether an answer is good enough: token logprobs, a learned quality
 * predictor, or a judge expert.
 */
public enum ConfidenceSource {
  LOGPROBS("logprobs"),
  PREDICTOR("predictor"),
  JUDGE("judge");

  private final String wireName;

  ConfidenceSource(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static ConfidenceSource fromWireName(String name) {
    return WireEnum.parse(
        ConfidenceSource.class, name, ConfidenceSource::wireName, "cascade confidence source");
  }
}
