package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Contextual bandit.
 *
 * @param algorithm linucb (default), thompson or epsilon-greedy
 * @param alpha LinUCB exploration width (default 1.0)
 * @param epsilon exploration rate of epsilon-greedy, in [0,1] (default 0.1)
 * @param contextDims dimension of the reduced context vector (default 16)
 * @param stateFile optional path where the learned state is persisted across restarts
 * @param judgeExpert optional expert that grades a sample of routed answers as implicit quality
 *     feedback
 * @param judgeSamplePercent percent of answers the judge grades, in [0,100] (default 0: no judge
 *     calls)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BanditParams(
    BanditAlgorithm algorithm,
    Double alpha,
    Double epsilon,
    Integer contextDims,
    String stateFile,
    String judgeExpert,
    Double judgeSamplePercent) {
  public static final BanditParams DEFAULT =
      new BanditParams(null, null, null, null, null, null, null);

  public BanditParams {
    algorithm = algorithm == null ? BanditAlgorithm.LINUCB : algorithm;
    alpha = alpha == null ? 1.0 : alpha;
    epsilon = epsilon == null ? 0.1 : epsilon;
    contextDims = contextDims == null ? 16 : contextDims;
    judgeSamplePercent = judgeSamplePercent == null ? 0.0 : judgeSamplePercent;
  }
}
