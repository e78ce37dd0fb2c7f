package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an expert is served. */
public enum ExpertRuntime {
  @JsonProperty("vllm")
  VLLM,
  @JsonProperty("sglang")
  SGLANG,
  @JsonProperty("tgi")
  TGI,
  /** A hosted API reached over HTTPS with a key from a Secret; no pod. */
  @JsonProperty("external")
  EXTERNAL,
  /** The simulated expert test double: answers from recorded real outcomes, no GPU. */
  @JsonProperty("simulated")
  SIMULATED;

  public boolean needsGpu() {
    return this == VLLM || this == SGLANG || this == TGI;
  }
}
