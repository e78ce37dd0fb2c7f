/**
 * {@code bandit} mode: disjoint LinUCB (Li, Chu, Langford, Schapire, "A contextual-bandit approach
 * to personalized news article recommendation", WWW 2010) with linear Thompson sampling (Agrawal
 * and Goyal, ICML 2013) and context-free epsilon-greedy as baselines. Context: seeded random
 * projection of the embedding + text features + bias. Sufficient statistics (A, b) are additive:
 * snapshots restore after a restart and merge across replicas.
 */
package io.switchboard.router.core.strategy.bandit;
