/**
 * {@code cascade} mode (after FrugalGPT, Chen, Zaharia, Zou 2023): cheapest adequate expert first,
 * escalate while the answer's confidence (token logprobs, learned quality predictor, or a judge
 * expert) is below the threshold, bounded in depth and added latency. Streamed requests are
 * buffered per stage; only the accepted stage is replayed.
 */
package io.switchboard.router.core.strategy.cascade;
