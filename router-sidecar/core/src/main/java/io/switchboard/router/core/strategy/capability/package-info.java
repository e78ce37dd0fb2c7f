/**
 * {@code capability} mode: the query's needs on (reasoning, knowledge, creativity) are estimated
 * from embedding prototypes, speed and cost needs from the policy's reward weights; experts are
 * ranked by cosine similarity between needs and their declared capability vectors.
 */
package io.switchboard.router.core.strategy.capability;
