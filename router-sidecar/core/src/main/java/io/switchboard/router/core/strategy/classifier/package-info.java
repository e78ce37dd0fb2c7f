/**
 * {@code classifier} mode, the RouteLLM setting (Ong et al., "RouteLLM: Learning to route LLMs with
 * preference data", 2024): per-expert logistic quality predictors over embedding, text features and
 * hashed TF-IDF, trained offline ({@code switchboard-eval train}) with hyperparameters chosen by
 * cross-validated APGR; the threshold picks the cost–quality point, for two or more experts. For
 * the strong/weak pair, an optional rank-average ensemble with a kNN scorer over PCA-reduced,
 * int8-quantised training embeddings ({@link NeighbourScorer}) is used when cross-validation on the
 * training prompts prefers it.
 */
package io.switchboard.router.core.strategy.classifier;
