package io.switchboard.router.core.strategy.federated;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.config.BanditParams;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.ExpertKind;
import io.switchboard.router.config.FederatedParams;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.spi.RoutingStrategy;
import io.switchboard.router.core.spi.StrategyContext;
import io.switchboard.router.core.spi.StrategyFactory;
import io.switchboard.router.core.strategy.bandit.BanditStateFile;
import io.switchboard.router.core.strategy.bandit.BanditStrategy;
import io.switchboard.router.core.strategy.bandit.BanditStrategyFactory;
import io.switchboard.router.core.strategy.bandit.ContextEncoder;
import io.switchboard.router.core.strategy.bandit.ContextualBandit;
import io.switchboard.router.core.strategy.bandit.RewardFunction;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Builds {@link FederatedStrategy} from {@code policy.params.federated}. With {@code localMode:
 * bandit} the bandit is built from {@code policy.params.bandit} exactly as the bandit mode builds
 * it (same projection seed, so every cluster's context space agrees) and wrapped in a {@link
 * FederatedBandit}; other local modes come from the catalog and only get offloading. DP noise is
 * drawn from a {@link SecureRandom}: a predictable generator would let a peer subtract the noise.
 */
public final class FederatedStrategyFactory implements StrategyFactory {

  static final double RIDGE = 1.0;
  static final int SAVE_EVERY = 100;

  @Override
  public Mode mode() {
    return Mode.FEDERATED;
  }

  @Override
  public RoutingStrategy create(StrategyContext context) {
    return create(context, new SecureRandom());
  }

  FederatedStrategy create(StrategyContext context, RandomGenerator noise) {
    PolicyConfig policy = context.config().policy();
    FederatedParams params = policy.params().federatedOrDefault();
    Set<String> peers = new HashSet<>(params.peerUrls());
    if (params.localMode() != Mode.BANDIT) {
      RoutingStrategy local = context.catalog().create(params.localMode(), context);
      return new FederatedStrategy(local, null, peers, params.offloadWhenSaturated());
    }
    FederatedBandit bandit = federatedBandit(context, params, localArms(context, peers), noise);
    BanditParams b = policy.params().banditOrDefault();
    ContextEncoder encoder =
        new ContextEncoder(
            BanditStrategyFactory.EMBEDDING_DIMENSION,
            b.contextDims(),
            BanditStrategyFactory.PROJECTION_SEED,
            policy.embedding().spec().toString());
    RewardFunction reward =
        new RewardFunction(
            policy.rewardWeights().quality(),
            policy.rewardWeights().cost(),
            policy.rewardWeights().latency(),
            BanditStrategyFactory.COST_SCALE_USD,
            BanditStrategyFactory.LATENCY_SCALE_MS);
    RoutingStrategy local =
        BanditStrategyFactory.withJudge(
            new BanditStrategy(bandit, encoder, reward, new RequestQueryFeatures()), b, context);
    return new FederatedStrategy(local, bandit, peers, params.offloadWhenSaturated());
  }

  static FederatedBandit federatedBandit(
      StrategyContext context, FederatedParams params, List<String> arms, RandomGenerator noise) {
    PolicyConfig policy = context.config().policy();
    BanditParams b = policy.params().banditOrDefault();
    int dimension =
        new ContextEncoder(
                BanditStrategyFactory.EMBEDDING_DIMENSION,
                b.contextDims(),
                BanditStrategyFactory.PROJECTION_SEED)
            .dimension();
    double exploration =
        switch (b.algorithm()) {
          case LINUCB, THOMPSON -> b.alpha();
          case EPSILON_GREEDY -> b.epsilon();
        };
    String algorithm = b.algorithm().wireName();
    ContextualBandit local =
        new ContextualBandit(algorithm, exploration, dimension, RIDGE, context.random());
    ContextualBandit served =
        new ContextualBandit(algorithm, exploration, dimension, RIDGE, context.random());
    String embeddingSpace = policy.embedding().spec().toString();
    ModelFingerprint fingerprint =
        new ModelFingerprint(
            BanditStrategyFactory.PROJECTION_SEED,
            b.contextDims(),
            dimension,
            RIDGE,
            ModelFingerprint.CLIPPING,
            arms,
            embeddingSpace);
    GaussianMechanism mechanism =
        new GaussianMechanism(
            params.epsilonPerRound(), GaussianMechanism.DEFAULT_DELTA, Clipping.SENSITIVITY);
    ObjectMapper json = new ObjectMapper();
    BanditStateFile banditFile =
        b.stateFile() == null
            ? null
            : new BanditStateFile(Path.of(b.stateFile()), json, embeddingSpace);
    FederationStateFile federationFile =
        b.stateFile() == null
            ? null
            : new FederationStateFile(
                FederationStateFile.besideBanditState(Path.of(b.stateFile())), json);
    return new FederatedBandit(
        policy.name(),
        fingerprint,
        params.peerUrls(),
        Duration.ofSeconds(params.roundSeconds()),
        local,
        served,
        mechanism,
        params.epsilonPerRound(),
        params.totalEpsilon(),
        noise,
        banditFile,
        federationFile,
        SAVE_EVERY);
  }

  /** This cluster's chat experts: every chat expert whose endpoint is not a peer router. */
  static List<String> localArms(StrategyContext context, Set<String> peers) {
    Set<String> normalised = new HashSet<>();
    peers.forEach(p -> normalised.add(p.endsWith("/") ? p.substring(0, p.length() - 1) : p));
    return context.config().experts().stream()
        .filter(e -> e.kind() == ExpertKind.CHAT)
        .filter(
            e ->
                !normalised.contains(
                    e.endpoint().endsWith("/")
                        ? e.endpoint().substring(0, e.endpoint().length() - 1)
                        : e.endpoint()))
        .map(ExpertConfig::name)
        .toList();
  }
}
