package io.switchboard.router.core.strategy.bandit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.config.BanditParams;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import io.switchboard.router.core.strategy.judge.AnswerGrader;
import io.switchboard.router.core.strategy.judge.JudgedFeedbackStrategy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Builds {@link BanditStrategy} from {@code policy.params.bandit} and the policy's reward weights.
 * The projection seed is fixed so every replica builds the same context space and their states
 * merge.
 */
public final class BanditStrategyFactory implements StrategyFactory {

  /** Shared by all replicas: their projections (and hence statistics) must agree. */
  public static final long PROJECTION_SEED = 0x5317C4B0A2DL;

  /** MiniLM's output dimension. */
  public static final int EMBEDDING_DIMENSION = 384;

  /** Reward scales: one unit of cost = one cent per request, one unit of latency = one second. */
  public static final double COST_SCALE_USD = 0.01;

  public static final double LATENCY_SCALE_MS = 1000;
  static final double RIDGE = 1.0;

  /**
   * The judge runs after the client has its answer, so its deadline bounds cost, not anyone's
   * latency.
   */
  static final Duration JUDGE_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public Mode mode() {
    return Mode.BANDIT;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    PolicyConfig policy = context.config().policy();
    BanditParams params = policy.params().banditOrDefault();
    ContextEncoder encoder =
        new ContextEncoder(
            EMBEDDING_DIMENSION,
            params.contextDims(),
            PROJECTION_SEED,
            policy.embedding().spec().toString());
    double exploration =
        switch (params.algorithm()) {
          case LINUCB -> params.alpha();
          case THOMPSON -> params.alpha();
          case EPSILON_GREEDY -> params.epsilon();
        };
    ContextualBandit bandit =
        new ContextualBandit(
            params.algorithm().wireName(),
            exploration,
            encoder.dimension(),
            RIDGE,
            context.random());
    RewardFunction reward =
        new RewardFunction(
            policy.rewardWeights().quality(),
            policy.rewardWeights().cost(),
            policy.rewardWeights().latency(),
            COST_SCALE_USD,
            LATENCY_SCALE_MS);
    BanditStateFile stateFile =
        params.stateFile() == null
            ? null
            : new BanditStateFile(
                Path.of(params.stateFile()), new ObjectMapper(), encoder.embeddingSpace());
    BanditStrategy strategy =
        new BanditStrategy(bandit, encoder, reward, new RequestQueryFeatures(), stateFile, 100);
    return withJudge(strategy, params, context);
  }

  /**
   * The strategy with judge feedback when {@code params} name a judge and a sample rate (also the
   * federated mode's).
   */
  public static RoutingStrategy withJudge(
      RoutingStrategy strategy, BanditParams params, StrategyContext context) {
    AnswerGrader judge =
        params.judgeExpert() == null
            ? null
            : new AnswerGrader(context.expertClient(), params.judgeExpert(), JUDGE_TIMEOUT);
    return JudgedFeedbackStrategy.wrapIfConfigured(
        strategy, judge, params.judgeSamplePercent(), context.random());
  }
}
