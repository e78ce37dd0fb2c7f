package io.switchboard.router.core.strategy.bandit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.router.core.spi.ReplicaLearning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code bandit} mode's model, shared among the replicas of a router: {@code local} holds only this replica's
 * own updates (what the state file persists and what peers receive), {@code served} decides from
 * {@code local ⊕ Σ peers}, rebuilt when the peers' states are replaced and updated with every local reward in between.
 * Sufficient statistics add up, so replicas that exchanged decide exactly like one learner that saw all their traffic.
 */
public final class ReplicatedBandit implements BanditModel, ReplicaLearning {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContextualBandit served;
    private final ContextualBandit local;
    private final String fingerprint;
    private final BanditStateFile stateFile;
    private final int saveEvery;
    private final AtomicLong updates = new AtomicLong();
    private Map<String, BanditState> peers = Map.of();

    /**
     * @param bandit    empty bandit that makes the decisions (algorithm, exploration, dimension, prior)
     * @param stateFile where this replica's own learning is persisted, or null
     * @param saveEvery persist after this many updates (and on {@link #save()})
     */
    public ReplicatedBandit(ContextualBandit bandit, BanditStateFile stateFile, int saveEvery) {
        this.served = bandit;
        this.stateFile = stateFile;
        this.saveEvery = saveEvery;
        BanditState prior = bandit.snapshot();
        // Never chooses, only accumulates: its exploration parameter is irrelevant.
        this.local = new ContextualBandit(bandit.algorithm(), 0, bandit.dimension(), prior.ridge(), new SplittableRandom(0));
        this.fingerprint = "bandit/" + bandit.algorithm() + "/d=" + bandit.dimension() + "/ridge=" + prior.ridge()
                + "/projection-seed=" + Long.toHexString(BanditStrategyFactory.PROJECTION_SEED);
        if (stateFile != null) {
            stateFile.read().ifPresent(saved -> {
                served.restore(saved);
                local.restore(saved);
            });
        }
    }

    @Override
    public String choose(double[] context, List<String> candidates) {
        return served.choose(context, candidates);
    }

    @Override
    public String algorithm() {
        return served.algorithm();
    }

    @Override
    public void learn(String arm, double[] context, double reward) {
        synchronized (this) {
            local.update(arm, context, reward);
            served.update(arm, context, reward);
        }
        if (stateFile != null && updates.incrementAndGet() % saveEvery == 0) {
            stateFile.write(local.snapshot());
        }
    }

    @Override
    public void save() {
        if (stateFile != null) {
            stateFile.write(local.snapshot());
        }
    }

    /** The state decisions are made from: this replica's learning plus its peers'. */
    public BanditState snapshot() {
        return served.snapshot();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public JsonNode localState() {
        return JSON.valueToTree(local.snapshot());
    }

    @Override
    public synchronized void replacePeerStates(Map<String, JsonNode> peerStates) {
        Map<String, BanditState> parsed = new LinkedHashMap<>();
        BanditState combined = local.snapshot();
        for (Map.Entry<String, JsonNode> peer : peerStates.entrySet()) {
            BanditState state;
            try {
                state = JSON.treeToValue(peer.getValue(), BanditState.class);
            } catch (JsonProcessingException | RuntimeException e) {
                throw new IllegalArgumentException("peer " + peer.getKey() + ": not a bandit state: " + e.getMessage(), e);
            }
            if (state == null || state.arms() == null) {
                throw new IllegalArgumentException("peer " + peer.getKey() + ": empty bandit state");
            }
            combined = combined.merge(state); // refuses another dimension or prior
            parsed.put(peer.getKey(), state);
        }
        served.restore(combined);
        peers = Map.copyOf(parsed);
    }

    /** Peers whose states the current decisions include. */
    public synchronized Set<String> peerIds() {
        return peers.keySet();
    }
}
