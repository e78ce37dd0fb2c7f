package io.switchboard.router.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Quarkus configuration of the router process (the routing policy itself comes from {@link
 * #configFile()}).
 */
@ConfigMapping(prefix = "switchboard.router")
public interface RouterSettings {

  /**
   * Path of the router config JSON (schema switchboard.io/router-config/v1), usually a mounted
   * ConfigMap.
   */
  String configFile();

  /** How often the config file (and the Secret files it names) are checked for changes. */
  @WithDefault("1000")
  long reloadIntervalMs();

  /** How many recent request outcomes are kept for {@code POST /v1/feedback}. */
  @WithDefault("10000")
  int feedbackWindow();

  /**
   * Threads that run prompt-embedding inference (one intra-op thread each); 0 = the available
   * processors.
   */
  @WithDefault("0")
  int embeddingThreads();

  /**
   * Embeddings that may wait for a thread; a request beyond that is not queued but routed to the
   * policy's fallback experts, so a burst cannot grow routing latency without bound.
   */
  @WithDefault("64")
  int embeddingQueue();

  /**
   * Longest a request waits for its embedding, queue included; past it the strategy fails and the
   * policy's fallback experts serve the request, so a stuck inference or an encoder still loading
   * never holds requests.
   */
  @WithDefault("2000")
  long embeddingDeadlineMs();

  /**
   * Directory where the static encoder keeps its distilled table across restarts (keyed by the
   * model's hash), so a restarted router skips seconds of distillation; unset = distil in every
   * process. The operator points it at the router's state volume.
   */
  Optional<String> encoderCacheDir();

  /**
   * Largest body {@code PUT /switchboard/learning/peers} accepts: the other replicas' learned
   * states (a LinUCB state is a few hundred KB per replica). Refused while it streams in, so the
   * exchange cannot exhaust the heap.
   */
  @WithDefault("16777216")
  long learningBodyMaxBytes();

  /**
   * The operator keeps this router's durable state (tenants' month-to-date spend, learned
   * statistics, the federated epsilon ledger) and hands it back with {@code PUT
   * /switchboard/state}. When true, a federated router shares nothing until that hand-back, and
   * serves a charged round only once the operator acknowledges its epsilon as stored (write-ahead).
   * The operator sets it on the routers it runs; a standalone router keeps its state files only.
   */
  @WithDefault("false")
  boolean awaitDurableState();

  /**
   * The pod's state volume (survives a container restart, not a pod replacement): this process's
   * replica identity, month-to-date tenant spend and adopted hand-offs are kept there, so a
   * restarted container is the same replica to the operator. Unset = kept in memory only.
   */
  Optional<String> stateDir();

  /** Recorded routing data directory for strategies that need it (default ../shared/data). */
  Optional<String> dataDir();
}
