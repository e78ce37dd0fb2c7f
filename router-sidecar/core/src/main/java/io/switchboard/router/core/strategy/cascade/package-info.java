/**
 * {@code cascade} mode (after FrugalGPT, Chen, Zaharia, Zou 2023): cheapest adequate expert first,
 * escalate while the answer's confidence (token logprobs, learned quality predictor, or a judge
 * expert) is below the threshold, bounded in depth and added latency. Streamed requests are
 * buffered per stage and only the accepted stage is replayed ({@code buffer-first-stage}), or the
 * first stage is streamed through unjudged ({@code stream-first-stage}).
 */
package io.switchboard.router.core.strategy.cascade;
