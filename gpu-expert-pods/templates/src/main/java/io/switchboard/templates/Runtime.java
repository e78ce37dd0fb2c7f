package io.switchboard.templates;

/** How an expert is served. */
public enum Runtime {
  /** vLLM OpenAI-compatible server. */
  VLLM,
  /** SGLang server. */
  SGLANG,
  /** Hugging Face Text Generation Inference. */
  TGI,
  /** A hosted API outside the cluster: no pod, only an endpoint description. */
  EXTERNAL,
  /** Switchboard's simulated expert (test double answering from recorded outcomes, no GPU). */
  SIMULATED
}
