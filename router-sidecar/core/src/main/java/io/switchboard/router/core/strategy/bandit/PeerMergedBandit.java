package io.switchboard.router.core.strategy.bandit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * A bandit that learns locally and decides from {@code local ⊕ Σ peers}, the part shared by the
 * {@code bandit} mode's {@link ReplicatedBandit} and the {@code federated} mode's differentially
 * private bandit.
 *
 * <ul>
 *   <li>{@code local} holds only this router's own updates: it is what the state file persists, so
 *       a restart never counts a peer's statistics twice;
 *   <li>{@code served} makes the decisions: rebuilt as {@code local ⊕ Σ peers} when the peers
 *       change and updated with every local reward in between (cheaper than a rebuild, and equal to
 *       it up to rounding since the statistics add up).
 * </ul>
 *
 * How a peer's contribution {@code P} adds to a state is the caller's ({@code plus}): replicas
 * exchange whole states, federated peers noised data parts. Peers are folded in their insertion
 * order, so the floating-point sums do not depend on which peer changed last. Learning and peer
 * changes are serialised on this object; decisions only lock {@code served}; the periodic save
 * happens outside this object's lock.
 *
 * @param <P> one peer's contribution
 */
public final class PeerMergedBandit<P> {

  private final ContextualBandit local;
  private final ContextualBandit served;
  private final BiFunction<BanditState, P, BanditState> plus;
  private final BanditStateFile stateFile;
  private final int saveEvery;
  private final AtomicLong updates = new AtomicLong();
  private Map<String, P> peers = Map.of();

  /**
   * @param local empty bandit for this router's own updates (never chooses)
   * @param served empty bandit of the same algorithm, dimension and prior, which makes the
   *     decisions
   * @param plus a state with one peer's contribution added; throws {@link IllegalArgumentException}
   *     when the contribution does not fit the state
   * @param stateFile persists {@code local} (both bandits are restored from it here), or null
   * @param saveEvery persist after this many updates (and on {@link #save()})
   */
  public PeerMergedBandit(
      ContextualBandit local,
      ContextualBandit served,
      BiFunction<BanditState, P, BanditState> plus,
      BanditStateFile stateFile,
      int saveEvery) {
    this.local = local;
    this.served = served;
    this.plus = plus;
    this.stateFile = stateFile;
    this.saveEvery = saveEvery;
    if (stateFile != null) {
      stateFile
          .read()
          .ifPresent(
              saved -> {
                local.restore(saved);
                served.restore(saved);
              });
    }
  }

  public String choose(double[] context, List<String> candidates) {
    return served.choose(context, candidates);
  }

  public String algorithm() {
    return served.algorithm();
  }

  /**
   * Learns one local reward into both bandits; persists {@code local} every {@code saveEvery}
   * updates.
   */
  public void learn(String arm, double[] context, double reward) {
    synchronized (this) {
      local.update(arm, context, reward);
      served.update(arm, context, reward);
    }
    if (stateFile != null && updates.incrementAndGet() % saveEvery == 0) {
      stateFile.write(local.snapshot());
    }
  }

  /** Persists {@code local}. */
  public void save() {
    if (stateFile != null) {
      stateFile.write(local.snapshot());
    }
  }

  /**
   * Adds a departed replica's own statistics (a whole state, prior included) to {@code local} and
   * persists it; the decisions include them at once.
   *
   * @throws IllegalArgumentException when the state has another dimension or prior
   */
  public void adoptLocal(BanditState adopted) {
    synchronized (this) {
      local.restore(local.snapshot().merge(adopted));
      served.restore(combined(peers));
    }
    save();
  }

  /** Replaces every peer's contribution; when one does not fit, nothing changes. */
  public synchronized void replacePeers(Map<String, P> contributions) {
    Map<String, P> next = new LinkedHashMap<>(contributions);
    served.restore(combined(next));
    peers = Collections.unmodifiableMap(next);
  }

  /** Adds or replaces one peer's contribution (a replaced peer keeps its place in the fold). */
  public synchronized void putPeer(String peer, P contribution) {
    Map<String, P> next = new LinkedHashMap<>(peers);
    next.put(peer, contribution);
    served.restore(combined(next));
    peers = Collections.unmodifiableMap(next);
  }

  /** The contributions the decisions include, in fold order. */
  public synchronized Map<String, P> peers() {
    return peers;
  }

  /** The statistics decisions are made from: {@code local ⊕ Σ peers}. */
  public BanditState servedSnapshot() {
    return served.snapshot();
  }

  /** This router's own statistics. */
  public BanditState localSnapshot() {
    return local.snapshot();
  }

  private BanditState combined(Map<String, P> contributions) {
    BanditState state = local.snapshot();
    for (P contribution : contributions.values()) {
      state = plus.apply(state, contribution);
    }
    return state;
  }
}
