package io.switchboard.router.core.strategy.bandit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.spi.DurableLearning;
import io.switchboard.router.core.spi.ReplicaLearning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The {@code bandit} mode's model, shared among the replicas of a router: a {@link
 * PeerMergedBandit} whose local statistics (what the state file persists and what peers receive)
 * are exchanged as JSON {@link BanditState}s, each exchange replacing every peer's state.
 * Sufficient statistics add up, so replicas that exchanged decide exactly like one learner that saw
 * all their traffic.
 */
public final class ReplicatedBandit implements BanditModel, ReplicaLearning, DurableLearning {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PeerMergedBandit<BanditState> model;
  private final String fingerprint;

  /**
   * @param bandit empty bandit that makes the decisions (algorithm, exploration, dimension, prior)
   * @param stateFile where this replica's own learning is persisted, or null
   * @param saveEvery persist after this many updates (and on {@link #save()})
   */
  public ReplicatedBandit(ContextualBandit bandit, BanditStateFile stateFile, int saveEvery) {
    this(bandit, stateFile, saveEvery, io.switchboard.router.config.EncoderSpec.DEFAULT.toString());
  }

  /**
   * @param embeddingSpace the prompt encoder behind the contexts: replicas of another one are
   *     refused
   */
  public ReplicatedBandit(
      ContextualBandit bandit, BanditStateFile stateFile, int saveEvery, String embeddingSpace) {
    BanditState prior = bandit.snapshot();
    // Never chooses, only accumulates: its exploration parameter is irrelevant.
    ContextualBandit local =
        new ContextualBandit(
            bandit.algorithm(), 0, bandit.dimension(), prior.ridge(), new SplittableRandom(0));
    // Peers send whole states (prior included): BanditState.merge counts the prior once and refuses
    // another
    // dimension or prior.
    this.model = new PeerMergedBandit<>(local, bandit, BanditState::merge, stateFile, saveEvery);
    this.fingerprint =
        "bandit/"
            + bandit.algorithm()
            + "/d="
            + bandit.dimension()
            + "/ridge="
            + prior.ridge()
            + "/projection-seed="
            + Long.toHexString(BanditStrategyFactory.PROJECTION_SEED)
            + "/embedding="
            + embeddingSpace;
  }

  @Override
  public String choose(double[] context, List<String> candidates) {
    return model.choose(context, candidates);
  }

  @Override
  public String algorithm() {
    return model.algorithm();
  }

  @Override
  public void learn(String arm, double[] context, double reward) {
    model.learn(arm, context, reward);
  }

  @Override
  public void save() {
    model.save();
  }

  /** The state decisions are made from: this replica's learning plus its peers'. */
  public BanditState snapshot() {
    return model.servedSnapshot();
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public JsonNode localState() {
    return JSON.valueToTree(model.localSnapshot());
  }

  @Override
  public void replacePeerStates(Map<String, JsonNode> peerStates) {
    Map<String, BanditState> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> peer : peerStates.entrySet()) {
      parsed.put(peer.getKey(), parse("peer " + peer.getKey(), peer.getValue()));
    }
    model.replacePeers(parsed);
  }

  static BanditState parse(String what, JsonNode node) {
    BanditState state;
    try {
      state = JSON.treeToValue(node, BanditState.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException(what + ": not a bandit state: " + e.getMessage(), e);
    }
    if (state == null || state.arms() == null) {
      throw new IllegalArgumentException(what + ": empty bandit state");
    }
    return state;
  }

  @Override
  public String modelSpace() {
    return fingerprint;
  }

  @Override
  public void adopt(JsonNode state) {
    model.adoptLocal(parse("adopted", state));
  }

  /** Peers whose states the current decisions include. */
  public Set<String> peerIds() {
    return model.peers().keySet();
  }
}
