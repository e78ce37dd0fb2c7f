package io.switchboard.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.core.spi.DurableLearning;
import io.switchboard.router.core.strategy.federated.Federation;
import io.switchboard.router.core.strategy.federated.PrivacyAccountant.PrivacyLedger;
import io.switchboard.router.core.support.AtomicFile;
import io.switchboard.router.federation.ActiveFederation;
import io.switchboard.router.runtime.RouterSettings;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.runtime.RouterStateManager;
import io.switchboard.router.tenant.TenantLimits;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * This router process's side of the durable state the operator keeps for it (see {@code
 * docs/state.md}): {@link #report()} is what the operator stores ({@code GET /switchboard/state}),
 * {@link #apply} what it hands back ({@code PUT /switchboard/state}): a departed replica's tenant
 * spend and learned statistics to adopt (once per hand-off id, so a repeated PUT adds nothing), and
 * the durable epsilon ledger, which raises this router's ledger and acknowledges a round held for
 * it.
 *
 * <p>With {@link RouterSettings#awaitDurableState()} the process starts not {@link #loaded()}: a
 * federated router publishes and serves no round until the operator's first hand-back, so a pod
 * whose state volume was lost never shares under a budget reset to zero.
 */
@Singleton
public class StateHandback {
  private static final Logger LOG = Logger.getLogger(StateHandback.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED_HANDOFFS = 64;
  static final String FILE_NAME = "router-state.json";

  private final Supplier<RouterState> states;
  private final Supplier<Optional<Federation>> federation;
  private final TenantLimits tenantLimits;
  private final Clock clock;
  private final Path file;
  private final String instance;
  private final Set<String> applied = new LinkedHashSet<>();
  private final AtomicReference<PrivacyLedger> durableLedger = new AtomicReference<>();
  private volatile boolean operatorKeepsState;
  private volatile boolean loaded;

  @Inject
  public StateHandback(
      RouterStateManager states,
      ActiveFederation federation,
      DataPlane dp,
      RouterSettings settings) {
    this(
        states::current,
        federation::current,
        dp.tenantLimits,
        settings.awaitDurableState(),
        settings.stateDir().map(d -> Path.of(d, FILE_NAME)).orElse(null),
        Clock.systemUTC());
  }

  StateHandback(
      Supplier<RouterState> states,
      Supplier<Optional<Federation>> federation,
      TenantLimits tenantLimits,
      boolean awaitDurableState,
      Path file,
      Clock clock) {
    this.states = states;
    this.federation = federation;
    this.tenantLimits = tenantLimits;
    this.clock = clock;
    this.file = file;
    this.operatorKeepsState = awaitDurableState;
    this.loaded = !awaitDurableState;
    this.instance = restore().orElseGet(() -> UUID.randomUUID().toString());
  }

  /**
   * The replica identity, spend and hand-offs a previous container of this pod left in the state
   * volume; empty when there is none. An unreadable file is not guessed around: the process then
   * starts as a new replica and the operator hands the old one's state back.
   */
  private Optional<String> restore() {
    if (file == null || !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode saved = JSON.readTree(file.toFile());
      YearMonth month = YearMonth.parse(saved.path("month").asText());
      Instant now = clock.instant();
      saved
          .path("tenantMonthUsd")
          .fields()
          .forEachRemaining(
              e -> tenantLimits.adopt(e.getKey(), month, e.getValue().asDouble(), now));
      saved.path("appliedHandoffs").forEach(id -> applied.add(id.asText()));
      String id = saved.path("instance").asText("");
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException | RuntimeException e) {
      LOG.warnf("cannot read %s, starting as a new replica: %s", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Writes identity, spend and hand-offs to the state volume (before the operator sees them). */
  private void persist(Instant now) {
    if (file == null) {
      return;
    }
    ObjectNode saved = JSON.createObjectNode().put("instance", instance);
    saved.put("month", YearMonth.from(now.atOffset(ZoneOffset.UTC)).toString());
    ObjectNode spend = saved.putObject("tenantMonthUsd");
    tenantLimits.monthSpend(now).forEach(spend::put);
    saved.putArray("appliedHandoffs").addAll(applied.stream().map(saved::textNode).toList());
    try {
      AtomicFile.writeJson(file, JSON, saved);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Whether this process may share: no hand-back is awaited, or the first one arrived. */
  public boolean loaded() {
    return loaded;
  }

  /**
   * Prepares a (re)built federation before it publishes: when the operator keeps the state, its
   * rounds wait for the operator's acknowledgement, and it is raised to the durable ledger last
   * handed back (a config reload builds a new one from the local files, which may predate the
   * hand-back). Blocking (may write the federation file).
   */
  public void guard(Federation f) {
    if (operatorKeepsState) {
      f.requireAcknowledgement();
    }
    PrivacyLedger durable = durableLedger.get();
    if (durable != null) {
      f.restoreLedger(durable);
    }
  }

  /**
   * Sets whether the operator keeps this process's state, as {@link
   * RouterSettings#awaitDurableState()} does at start: when it does, the process awaits its first
   * hand-back again; when not, it forgets the durable ledger. For tests, which share one Quarkus
   * application among configurations.
   */
  synchronized void operatorKeepsState(boolean keeps) {
    operatorKeepsState = keeps;
    loaded = !keeps;
    durableLedger.set(null);
  }

  /** What the operator keeps for this process. */
  public synchronized ObjectNode report() {
    Instant now = clock.instant();
    // The local copy first: a container restarted after this answer is never behind the operator.
    persist(now);
    ObjectNode root = JSON.createObjectNode().put("instance", instance).put("loaded", loaded);
    RouterState state = states.get();
    root.put("policy", state == null ? null : state.policyName());
    root.putArray("appliedHandoffs").addAll(applied.stream().map(root::textNode).toList());
    root.put("month", YearMonth.from(now.atOffset(ZoneOffset.UTC)).toString());
    ObjectNode spend = root.putObject("tenantMonthUsd");
    tenantLimits.monthSpend(now).forEach(spend::put);
    learning()
        .ifPresent(
            l ->
                root.putObject("learning")
                    .put("modelSpace", l.modelSpace())
                    .set("state", l.localState()));
    federation
        .get()
        .ifPresent(
            f -> {
              PrivacyLedger ledger = f.ledger();
              root.putObject("privacy")
                  .put("spentEpsilon", ledger.spentEpsilon())
                  .put("rounds", ledger.rounds());
            });
    return root;
  }

  /**
   * Applies one hand-back; returns why it was refused, or empty when applied. Blocking (learned
   * state merges and file writes): not on an event loop.
   */
  public synchronized Optional<String> apply(JsonNode body) {
    List<JsonNode> adopted = new ArrayList<>();
    JsonNode learned = body.path("learning");
    if (!learned.isMissingNode() && !learned.isArray()) {
      return Optional.of("'learning' must be an array of {modelSpace, state}");
    }
    String id = body.path("id").asText("");
    boolean fresh = !id.isEmpty() && !applied.contains(id);
    Optional<DurableLearning> learning = learning();
    if (fresh) {
      for (JsonNode l : learned) {
        // A state of another model space (the policy changed since) cannot be combined: dropped.
        if (learning.isPresent()
            && learning.get().modelSpace().equals(l.path("modelSpace").asText())) {
          adopted.add(l.path("state"));
        }
      }
    }
    PrivacyLedger ledger = null;
    JsonNode privacy = body.path("privacy");
    if (privacy.isObject()) {
      double spent = privacy.path("spentEpsilon").asDouble(-1);
      long rounds = privacy.path("rounds").asLong(-1);
      if (!(spent >= 0) || rounds < 0) {
        return Optional.of("'privacy' needs spentEpsilon >= 0 and rounds >= 0");
      }
      ledger = new PrivacyLedger(spent, rounds);
    }
    try {
      for (JsonNode state : adopted) {
        learning.get().adopt(state);
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    if (fresh) {
      YearMonth month;
      try {
        month = YearMonth.parse(body.path("month").asText(""));
      } catch (RuntimeException e) {
        month = null;
      }
      if (month != null) {
        Instant now = now();
        YearMonth m = month;
        body.path("tenantMonthUsd")
            .fields()
            .forEachRemaining(e -> tenantLimits.adopt(e.getKey(), m, e.getValue().asDouble(), now));
      }
      applied.add(id);
      if (applied.size() > REMEMBERED_HANDOFFS) {
        applied.remove(applied.iterator().next());
      }
      persist(now());
      LOG.infof(
          "durable state hand-off %s adopted: %d learned state(s), spend of %d tenant(s)",
          id, adopted.size(), body.path("tenantMonthUsd").size());
    }
    if (ledger != null) {
      PrivacyLedger durable = ledger;
      durableLedger.accumulateAndGet(
          durable,
          (a, b) ->
              a == null
                  ? b
                  : new PrivacyLedger(
                      Math.max(a.spentEpsilon(), b.spentEpsilon()),
                      Math.max(a.rounds(), b.rounds())));
      federation
          .get()
          .ifPresent(
              f -> {
                f.restoreLedger(durable);
                f.acknowledge(durable.spentEpsilon());
              });
    }
    if (!loaded) {
      loaded = true;
      LOG.info("durable state handed back by the operator: this router may share now");
    }
    return Optional.empty();
  }

  private Instant now() {
    return clock.instant();
  }

  private Optional<DurableLearning> learning() {
    RouterState state = states.get();
    return state == null ? Optional.empty() : state.strategy().durableLearning();
  }
}
