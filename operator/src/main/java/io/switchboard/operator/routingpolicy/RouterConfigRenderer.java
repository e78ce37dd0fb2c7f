package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.Enforcement;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.routingpolicy.AuthSpec;
import io.switchboard.api.v1alpha1.routingpolicy.ClassifierParams.TargetQuality;
import io.switchboard.api.v1alpha1.routingpolicy.EmbeddingSpec;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import io.switchboard.api.v1alpha1.routingpolicy.WeightedParams.ExpertWeight;
import io.switchboard.operator.budget.BudgetCoverage;
import io.switchboard.router.config.BanditAlgorithm;
import io.switchboard.router.config.BanditParams;
import io.switchboard.router.config.BudgetConfig;
import io.switchboard.router.config.BudgetEnforcement;
import io.switchboard.router.config.Capabilities;
import io.switchboard.router.config.CapabilityParams;
import io.switchboard.router.config.CascadeParams;
import io.switchboard.router.config.CascadeStreaming;
import io.switchboard.router.config.ClassifierParams;
import io.switchboard.router.config.ConfidenceSource;
import io.switchboard.router.config.DecisionCacheParams;
import io.switchboard.router.config.EmbeddingParams;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.ExpertKind;
import io.switchboard.router.config.FederatedParams;
import io.switchboard.router.config.FederatedPeer;
import io.switchboard.router.config.LlmParams;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.ModeParams;
import io.switchboard.router.config.PolicyConfig;
import io.switchboard.router.config.RetryPolicy;
import io.switchboard.router.config.RewardWeights;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.ShadowParams;
import io.switchboard.router.config.TenantConfig;
import io.switchboard.router.config.TenantsConfig;
import io.switchboard.router.config.Timeouts;
import io.switchboard.router.config.WeightedParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders the router configuration ({@code switchboard.io/router-config/v1}) of one policy from the
 * RoutingPolicy, its ExpertPool and the Budget covering it. Pure and deterministic: the same inputs
 * give byte-identical output, so the ConfigMap's content hash changes only when routing changes.
 */
public final class RouterConfigRenderer {

  /** Where the gateway and the injected sidecar mount Secrets: {@code <root>/<secret>/<key>}. */
  public static final String SECRET_MOUNT_ROOT = "/var/run/secrets/switchboard";

  /** Where a classifier policy's trained model ConfigMap is mounted. */
  public static final String CLASSIFIER_MOUNT = "/etc/switchboard/classifier";

  /** Writable state (bandit snapshots) of the router. */
  public static final String STATE_DIR = "/var/lib/switchboard";

  /**
   * Expert name of a peer cluster's router in a federated policy that offloads: {@code peer-<peer
   * name>}.
   */
  public static final String PEER_EXPERT_PREFIX = "peer-";

  private final ExpertEndpoints endpoints;
  private final RouterControlTokens controlTokens;

  public RouterConfigRenderer(ExpertEndpoints endpoints) {
    this(endpoints, RouterControlTokens.none());
  }

  public RouterConfigRenderer(ExpertEndpoints endpoints, RouterControlTokens controlTokens) {
    this.controlTokens = controlTokens;
    this.endpoints = endpoints;
  }

  public RouterConfig render(RoutingPolicy policy, ExpertPool pool, Optional<Budget> budget) {
    return render(policy, pool, budget, budget.flatMap(BudgetCoverage::latencySloMs).orElse(null));
  }

  /**
   * @param budget the covering Budget whose enforcement the routers apply
   * @param latencySloMs the strictest p95 latency target of all covering Budgets, or null
   */
  public RouterConfig render(
      RoutingPolicy policy, ExpertPool pool, Optional<Budget> budget, Integer latencySloMs) {
    RoutingPolicySpec spec = policy.getSpec();
    String name = policy.getMetadata().getName();
    List<Expert> experts = RouterWorkloads.expertsOf(policy, pool);
    PolicyConfig policyConfig =
        new PolicyConfig(
            name,
            policy.getMetadata().getNamespace(),
            spec.virtualModel() != null ? spec.virtualModel() : name,
            mode(spec.mode()),
            modeParams(spec, experts, name),
            rewardWeights(spec),
            spec.fallback() == null ? List.of() : spec.fallback(),
            spec.allowDirectExpertSelection() == null || spec.allowDirectExpertSelection(),
            spec.retries() == null
                ? null
                : new RetryPolicy(
                    spec.retries().attempts(),
                    toLong(spec.retries().backoffMs()),
                    toLong(spec.retries().maxBackoffMs())),
            spec.timeouts() == null
                ? null
                : new Timeouts(
                    toLong(spec.timeouts().connectMs()),
                    toLong(spec.timeouts().firstByteMs()),
                    toLong(spec.timeouts().totalMs())),
            null,
            null,
            spec.shadow() == null
                ? null
                : new ShadowParams(
                    mode(spec.shadow().mode()),
                    spec.shadow().samplePercent(),
                    spec.shadow().mirror()),
            null,
            embedding(spec.embedding()),
            controlTokens.tokenSha256(policy).orElse(null));
    List<ExpertConfig> expertConfigs =
        new ArrayList<>(experts.stream().map(e -> expert(pool, e, spec)).toList());
    expertConfigs.addAll(peerPools(spec, policyConfig.virtualModel()));
    return new RouterConfig(
        RouterConfig.API_VERSION,
        policyConfig,
        expertConfigs,
        budget.map(b -> budget(b, latencySloMs)).orElse(null),
        tenants(spec.auth()));
  }

  /**
   * The policy's tenants: key file paths where {@link RouterWorkloads} mounts their Secrets (the
   * current key, then the previous one during a rotation) and their limits. Without {@code auth}
   * keys are required and none is valid: an operator-deployed router never answers anonymous
   * traffic unless the policy says so.
   */
  static TenantsConfig tenants(AuthSpec auth) {
    boolean required = auth == null || auth.required() == null || auth.required();
    List<TenantConfig> entries = new ArrayList<>();
    if (auth != null && auth.tenants() != null) {
      for (AuthSpec.Tenant t : auth.tenants()) {
        List<String> keyFiles = new ArrayList<>();
        keyFiles.add(secretFile(t.secretRef().name(), t.secretRef().key()));
        if (t.secretRef().previousKey() != null) {
          keyFiles.add(secretFile(t.secretRef().name(), t.secretRef().previousKey()));
        }
        entries.add(
            new TenantConfig(
                t.name(),
                keyFiles,
                t.requestsPerMinute(),
                t.tokensPerMinute(),
                t.monthlyUsdCap(),
                t.scope() == null ? null : t.scope().wireName()));
      }
    }
    return new TenantsConfig(null, required, null, null, entries);
  }

  private ExpertConfig expert(ExpertPool pool, Expert expert, RoutingPolicySpec spec) {
    boolean external = expert.runtime() == ExpertRuntime.EXTERNAL;
    String endpoint = external ? stripV1(expert.endpoint().url()) : endpoints.baseUrl(pool, expert);
    String apiKeyFile =
        external && expert.endpoint().secretRef() != null
            ? secretFile(expert.endpoint().secretRef().name(), expert.endpoint().secretRef().key())
            : null;
    Optional<ExpertWeight> weight =
        spec.weighted() == null
            ? Optional.empty()
            : spec.weighted().weights().stream()
                .filter(w -> w.expert().equals(expert.name()))
                .findFirst();
    var caps = expert.capabilities();
    return new ExpertConfig(
        expert.name(),
        expert.model(),
        endpoint,
        ExpertKind.CHAT,
        apiKeyFile,
        expert.pricing().inputPerMillionTokens(),
        expert.pricing().outputPerMillionTokens(),
        caps == null
            ? null
            : new Capabilities(
                caps.reasoning(), caps.knowledge(), caps.creativity(), caps.speed(), caps.cost()),
        expert.description(),
        external ? null : "/health",
        weight.map(w -> (double) w.weight()).orElse(null),
        weight.map(ExpertWeight::priority).orElse(null),
        null,
        null);
  }

  /**
   * A federated policy that offloads sees each peer cluster's router as one more chat expert:
   * endpoint = the peer's base URL, model = this policy's virtual model (the peer routes it with
   * its own policy). The router's federated strategy recognises them by endpoint and sends them
   * traffic only when every local expert is saturated; the data plane proxies to them like to any
   * expert, with the peer's {@code secretRef} as the expert's API key (the peer's router sees this
   * cluster as one of its tenants). Health: the peer's {@code /v1/models}.
   */
  private static List<ExpertConfig> peerPools(RoutingPolicySpec spec, String virtualModel) {
    if (spec.mode() != RoutingMode.FEDERATED
        || spec.federated() == null
        || !Boolean.TRUE.equals(spec.federated().offloadWhenSaturated())) {
      return List.of();
    }
    return spec.federated().peers().stream()
        .map(
            peer ->
                new ExpertConfig(
                    PEER_EXPERT_PREFIX + peer.name(),
                    virtualModel,
                    stripTrailingSlash(peer.url()),
                    ExpertKind.CHAT,
                    peerKeyFile(peer),
                    null,
                    null,
                    null,
                    "Router of peer cluster "
                        + peer.name()
                        + " (offload target when local experts are saturated).",
                    // The peer's health lives on its management port, which its gateway
                    // Service does not expose: its models listing (with the peer's key) says
                    // it is reachable, has a configuration and accepts this cluster's key.
                    "/v1/models",
                    0.0,
                    null,
                    null,
                    null))
        .toList();
  }

  /**
   * The mounted key the peer issued to this cluster (offloaded requests and aggregate fetches carry
   * it), or null.
   */
  private static String peerKeyFile(
      io.switchboard.api.v1alpha1.routingpolicy.FederatedParams.Peer peer) {
    return peer.secretRef() == null
        ? null
        : secretFile(peer.secretRef().name(), peer.secretRef().key());
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static ModeParams modeParams(
      RoutingPolicySpec spec, List<Expert> experts, String policyName) {
    var cascade =
        spec.cascade() == null
            ? null
            : new CascadeParams(
                spec.cascade().order() != null ? spec.cascade().order() : cheapestFirst(experts),
                spec.cascade().confidence() == null
                    ? null
                    : ConfidenceSource.fromWireName(
                        spec.cascade().confidence().name().toLowerCase()),
                spec.cascade().threshold(),
                spec.cascade().judgeExpert(),
                spec.cascade().maxDepth(),
                toLong(spec.cascade().maxAddedLatencyMs()),
                spec.cascade().streaming() == null
                    ? null
                    : CascadeStreaming.fromWireName(
                        spec.cascade().streaming().name().toLowerCase().replace('_', '-')));
    // A federated policy learning with the bandit needs its state file even without a bandit block:
    // the privacy
    // budget it spent is persisted beside it.
    boolean federatedBandit =
        spec.mode() == RoutingMode.FEDERATED
            && spec.federated() != null
            && (spec.federated().localMode() == null
                || spec.federated().localMode() == RoutingMode.BANDIT);
    var bandit =
        spec.bandit() == null
            ? (federatedBandit
                ? new BanditParams(
                    null,
                    null,
                    null,
                    null,
                    STATE_DIR + "/bandit-" + policyName + ".json",
                    null,
                    null)
                : null)
            : new BanditParams(
                spec.bandit().algorithm() == null
                    ? null
                    : BanditAlgorithm.fromWireName(wire(spec.bandit().algorithm().name())),
                spec.bandit().alpha(),
                spec.bandit().epsilon(),
                spec.bandit().contextDims(),
                STATE_DIR + "/bandit-" + policyName + ".json",
                spec.bandit().judgeExpert(),
                spec.bandit().judgeSamplePercent() == null
                    ? null
                    : spec.bandit().judgeSamplePercent().doubleValue());
    var llm =
        spec.llm() == null
            ? null
            : new LlmParams(
                spec.llm().routerExpert(),
                toLong(spec.llm().timeoutMs()),
                spec.llm().fallbackMode() == null ? null : mode(spec.llm().fallbackMode()),
                spec.llm().cache() == null
                    ? null
                    : new DecisionCacheParams(
                        spec.llm().cache().maxEntries(),
                        toLong(spec.llm().cache().ttlSeconds()),
                        spec.llm().cache().semanticThreshold()));
    var federated =
        spec.federated() == null
            ? null
            : new FederatedParams(
                spec.federated().peers().stream()
                    .map(p -> new FederatedPeer(p.url(), peerKeyFile(p)))
                    .toList(),
                spec.federated().epsilonPerRound(),
                spec.federated().totalEpsilon(),
                toLong(spec.federated().roundSeconds()),
                spec.federated().localMode() == null ? null : mode(spec.federated().localMode()),
                spec.federated().offloadWhenSaturated());
    var capability =
        spec.capability() == null
            ? null
            : new CapabilityParams(
                spec.capability().minSimilarity(), spec.capability().costSensitivity());
    var classifier =
        spec.classifier() == null
            ? null
            : new ClassifierParams(
                CLASSIFIER_MOUNT + "/" + spec.classifier().modelRef().key(),
                spec.classifier().threshold(),
                targetQuality(spec.classifier().targetQuality()),
                expertModels(spec.classifier()));
    WeightedParams weighted = null;
    if (spec.weighted() != null) {
      Map<String, Double> weights = new LinkedHashMap<>();
      spec.weighted().weights().forEach(w -> weights.put(w.expert(), (double) w.weight()));
      var canary =
          spec.weighted().canary() == null
              ? null
              : new WeightedParams.CanaryParams(
                  spec.weighted().canary().expert(), spec.weighted().canary().percent());
      weighted = new WeightedParams(weights, canary, null);
    }
    return new ModeParams(cascade, bandit, llm, federated, capability, classifier, weighted);
  }

  /** The classifier's explicit model id → expert mapping, in a stable order; null when none. */
  private static Map<String, String> expertModels(
      io.switchboard.api.v1alpha1.routingpolicy.ClassifierParams classifier) {
    if (classifier.expertModels() == null || classifier.expertModels().isEmpty()) {
      return null;
    }
    Map<String, String> out = new TreeMap<>();
    classifier.expertModels().forEach(m -> out.put(m.modelId(), m.expert()));
    return out;
  }

  /** Cascade order when the policy gives none: by blended price, cheapest first. */
  private static List<String> cheapestFirst(List<Expert> experts) {
    return experts.stream()
        .sorted(
            Comparator.comparingDouble(
                    (Expert e) ->
                        e.pricing().inputPerMillionTokens()
                            + 3 * e.pricing().outputPerMillionTokens())
                .thenComparing(Expert::name))
        .map(Expert::name)
        .toList();
  }

  private static RewardWeights rewardWeights(RoutingPolicySpec spec) {
    var w = spec.rewardWeights();
    // Absent in the CR: the CRD's documented defaults, not the router's quality-only default.
    return w == null
        ? new RewardWeights(1.0, 0.5, 0.1)
        : new RewardWeights(w.quality(), w.cost(), w.latency());
  }

  private static BudgetConfig budget(Budget budget, Integer latencySloMs) {
    Enforcement enforcement = budget.getSpec().enforcement();
    Enforcement.Action action =
        enforcement == null || enforcement.action() == null
            ? Enforcement.Action.ALERT
            : enforcement.action();
    String level = budget.getStatus() == null ? null : budget.getStatus().getEnforcementLevel();
    boolean exceeded = level != null && !"none".equals(level);
    List<String> downgradeTo =
        enforcement == null || enforcement.downgradeTo() == null
            ? List.of()
            : List.of(enforcement.downgradeTo());
    return new BudgetConfig(
        budget.getMetadata().getName(),
        BudgetEnforcement.fromWireName(wire(action.name())),
        exceeded,
        downgradeTo,
        null,
        latencySloMs);
  }

  public static String secretFile(String secret, String key) {
    return SECRET_MOUNT_ROOT + "/" + secret + "/" + key;
  }

  private static Mode mode(io.switchboard.api.v1alpha1.routingpolicy.RoutingMode mode) {
    return Mode.fromWireName(mode.wireName());
  }

  /** The router appends /v1/... itself; OpenAI-style base URLs usually end in /v1 already. */
  public static String stripV1(String url) {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return trimmed.endsWith("/v1") ? trimmed.substring(0, trimmed.length() - 3) : trimmed;
  }

  private static String wire(String enumName) {
    return enumName.toLowerCase().replace('_', '-');
  }

  private static Long toLong(Integer value) {
    return value == null ? null : value.longValue();
  }

  private static EmbeddingParams embedding(EmbeddingSpec embedding) {
    if (embedding == null) {
      return null;
    }
    return new EmbeddingParams(
        embedding.encoder() == null ? null : embedding.encoder().wireName(),
        embedding.maxTokens(),
        embedding.truncation() == null ? null : embedding.truncation().wireName());
  }

  private static ClassifierParams.TargetQuality targetQuality(TargetQuality target) {
    return target == null
        ? null
        : new ClassifierParams.TargetQuality(
            target.fraction(), target.referenceExpert(), target.score());
  }
}
