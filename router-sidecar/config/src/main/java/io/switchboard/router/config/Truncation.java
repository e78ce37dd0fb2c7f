package io.switchboard.router.config;

/**
 * Which part of an over-long prompt is embedded. {@link #TAIL} is the default: the actual ask comes
 * last in few-shot prompts and in prompts that paste context before the question.
 */
public enum Truncation {
  HEAD,
  TAIL
}
