package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Typed parameter blocks, one per mode. Only the block of the policy's mode is used (others may be
 * present, e.g. the llm mode's {@code fallbackMode} reads its own block). A missing block of the
 * active mode means "all defaults", which validation refuses for modes with required fields
 * (cascade, llm, classifier).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModeParams(
    CascadeParams cascade,
    BanditParams bandit,
    LlmParams llm,
    FederatedParams federated,
    CapabilityParams capability,
    ClassifierParams classifier,
    WeightedParams weighted) {

  public static final ModeParams EMPTY = new ModeParams(null, null, null, null, null, null, null);

  public CascadeParams cascadeOrDefault() {
    return cascade == null ? CascadeParams.DEFAULT : cascade;
  }

  public BanditParams banditOrDefault() {
    return bandit == null ? BanditParams.DEFAULT : bandit;
  }

  public LlmParams llmOrDefault() {
    return llm == null ? LlmParams.DEFAULT : llm;
  }

  public FederatedParams federatedOrDefault() {
    return federated == null ? FederatedParams.DEFAULT : federated;
  }

  public CapabilityParams capabilityOrDefault() {
    return capability == null ? CapabilityParams.DEFAULT : capability;
  }

  public ClassifierParams classifierOrDefault() {
    return classifier == null ? ClassifierParams.DEFAULT : classifier;
  }

  public WeightedParams weightedOrDefault() {
    return weighted == null ? WeightedParams.DEFAULT : weighted;
  }
}
