package io.switchboard.router.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Semantic checks the JSON shape cannot express: references between experts, ranges, required
 * per-mode fields.
 */
public final class RouterConfigValidator {

  public List<String> validate(RouterConfig config) {
    Problems p = new Problems();
    if (!RouterConfig.API_VERSION.equals(config.apiVersion())) {
      p.add(
          "apiVersion",
          "must be '" + RouterConfig.API_VERSION + "' but is '" + config.apiVersion() + "'");
    }
    Set<String> names = validateExperts(config.experts(), p);
    if (config.policy() == null) {
      p.add("policy", "is required");
    } else {
      validatePolicy(config.policy(), names, config, p);
    }
    validateBudget(config.budget(), names, p);
    TenantsConfig t = config.tenants();
    p.check(t.requestsPerSecond() >= 0, "tenants.requestsPerSecond", "must be >= 0");
    p.check(t.burst() >= 0, "tenants.burst", "must be >= 0");
    validateTenants(t, p);
    return p.list;
  }

  /**
   * With {@code required: true} and no key source at all the router answers 401 to everything:
   * valid (secure by default), the operator renders it for a policy that lists no tenant.
   */
  private static void validateTenants(TenantsConfig t, Problems p) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < t.entries().size(); i++) {
      TenantConfig e = t.entries().get(i);
      String at = "tenants.entries[" + i + "]";
      if (!notBlank(e.name())) {
        p.add(at + ".name", "is required");
      } else if (!names.add(e.name())) {
        p.add(at + ".name", "duplicate tenant name '" + e.name() + "'");
      } else {
        p.check(
            !TenantsConfig.ANONYMOUS.equals(e.name()),
            at + ".name",
            "'" + TenantsConfig.ANONYMOUS + "' is the name of unauthenticated callers");
      }
      p.check(!e.keyFiles().isEmpty(), at + ".keyFiles", "at least one key file is required");
      for (int k = 0; k < e.keyFiles().size(); k++) {
        p.check(notBlank(e.keyFiles().get(k)), at + ".keyFiles[" + k + "]", "must not be blank");
      }
      p.check(e.requestsPerMinute() >= 0, at + ".requestsPerMinute", "must be >= 0");
      p.check(e.tokensPerMinute() >= 0, at + ".tokensPerMinute", "must be >= 0");
      p.check(e.monthlyUsdCap() >= 0, at + ".monthlyUsdCap", "must be >= 0");
      p.check(
          TenantConfig.INFERENCE.equals(e.scope()) || TenantConfig.FEDERATION.equals(e.scope()),
          at + ".scope",
          "must be '" + TenantConfig.INFERENCE + "' or '" + TenantConfig.FEDERATION + "'");
    }
  }

  private static Set<String> validateExperts(List<ExpertConfig> experts, Problems p) {
    Set<String> names = new HashSet<>();
    if (experts.isEmpty()) {
      p.add("experts", "at least one expert is required");
    }
    for (int i = 0; i < experts.size(); i++) {
      ExpertConfig e = experts.get(i);
      String at = "experts[" + i + "]";
      if (!notBlank(e.name())) {
        p.add(at + ".name", "is required");
      } else if (!names.add(e.name())) {
        p.add(at + ".name", "duplicate expert name '" + e.name() + "'");
      }
      p.check(notBlank(e.model()), at + ".model", "is required");
      validateEndpoint(e.endpoint(), at + ".endpoint", p);
      p.check(e.inputUsdPerMillion() >= 0, at + ".inputUsdPerMillion", "must be >= 0");
      p.check(e.outputUsdPerMillion() >= 0, at + ".outputUsdPerMillion", "must be >= 0");
      p.check(e.weight() >= 0, at + ".weight", "must be >= 0");
      p.check(e.maxConnections() >= 1, at + ".maxConnections", "must be >= 1");
      p.check(
          e.healthPath() == null || e.healthPath().startsWith("/"),
          at + ".healthPath",
          "must start with '/'");
      double[] caps = e.capabilities().toArray();
      String[] capNames = {"reasoning", "knowledge", "creativity", "speed", "cost"};
      for (int c = 0; c < caps.length; c++) {
        p.check(
            caps[c] >= 0 && caps[c] <= 1, at + ".capabilities." + capNames[c], "must be in [0,1]");
      }
      if (e.apiKeyFile() != null) {
        p.check(!e.apiKeyFile().isBlank(), at + ".apiKeyFile", "must be a file path when set");
      }
    }
    return names;
  }

  private static void validateEndpoint(String endpoint, String at, Problems p) {
    if (!notBlank(endpoint)) {
      p.add(at, "is required");
      return;
    }
    try {
      URI uri = new URI(endpoint);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        p.add(at, "must be an http or https URL: '" + endpoint + "'");
      } else if (uri.getHost() == null) {
        p.add(at, "has no host: '" + endpoint + "'");
      } else if (uri.getQuery() != null || uri.getUserInfo() != null) {
        p.add(at, "must not contain a query or credentials");
      }
    } catch (URISyntaxException ex) {
      p.add(at, "is not a valid URL: " + ex.getMessage());
    }
  }

  private static void validatePolicy(
      PolicyConfig policy, Set<String> experts, RouterConfig config, Problems p) {
    p.check(notBlank(policy.name()), "policy.name", "is required");
    p.check(notBlank(policy.virtualModel()), "policy.virtualModel", "is required");
    if (notBlank(policy.virtualModel()) && experts.contains(policy.virtualModel())) {
      p.add("policy.virtualModel", "'" + policy.virtualModel() + "' clashes with an expert name");
    }
    if (policy.mode() == null) {
      p.add("policy.mode", "is required");
    }
    RewardWeights rw = policy.rewardWeights();
    p.check(
        rw.quality() >= 0 && rw.cost() >= 0 && rw.latency() >= 0,
        "policy.rewardWeights",
        "weights must be >= 0");
    p.check(
        rw.quality() + rw.cost() + rw.latency() > 0,
        "policy.rewardWeights",
        "at least one weight must be > 0");
    refs(policy.fallback(), "policy.fallback", experts, p);
    p.check(
        policy.retries().attempts() >= 0 && policy.retries().attempts() <= 10,
        "policy.retries.attempts",
        "must be in [0,10]");
    p.check(policy.retries().backoffMs() >= 0, "policy.retries.backoffMs", "must be >= 0");
    p.check(
        policy.retries().maxBackoffMs() == null
            || policy.retries().maxBackoffMs() >= policy.retries().backoffMs(),
        "policy.retries.maxBackoffMs",
        "must be >= backoffMs");
    Timeouts t = policy.timeouts();
    p.check(t.connectMs() > 0, "policy.timeouts.connectMs", "must be > 0");
    p.check(t.firstByteMs() > 0, "policy.timeouts.firstByteMs", "must be > 0");
    p.check(t.totalMs() > 0, "policy.timeouts.totalMs", "must be > 0");
    p.check(t.firstByteMs() <= t.totalMs(), "policy.timeouts.firstByteMs", "must be <= totalMs");
    p.check(
        policy.circuitBreaker().consecutiveFailures() >= 1,
        "policy.circuitBreaker.consecutiveFailures",
        "must be >= 1");
    p.check(policy.circuitBreaker().openMs() > 0, "policy.circuitBreaker.openMs", "must be > 0");
    HealthCheckParams h = policy.healthCheck();
    p.check(h.intervalMs() >= 100, "policy.healthCheck.intervalMs", "must be >= 100");
    p.check(h.timeoutMs() > 0, "policy.healthCheck.timeoutMs", "must be > 0");
    p.check(h.unhealthyThreshold() >= 1, "policy.healthCheck.unhealthyThreshold", "must be >= 1");
    p.check(h.healthyThreshold() >= 1, "policy.healthCheck.healthyThreshold", "must be >= 1");
    p.check(policy.maxBodyBytes() > 0, "policy.maxBodyBytes", "must be > 0");
    p.check(
        policy.controlTokenSha256() == null || policy.controlTokenSha256().matches("[0-9a-f]{64}"),
        "policy.controlTokenSha256",
        "must be 64 lower-case hex digits (a SHA-256)");
    EmbeddingParams e = policy.embedding();
    p.check(
        Arrays.stream(EncoderSpec.Encoder.values())
            .anyMatch(known -> known.wireName().equals(e.encoder())),
        "policy.embedding.encoder",
        "must be one of " + EncoderSpec.Encoder.wireNames() + ", got '" + e.encoder() + "'");
    p.check(
        e.maxTokens() >= 8 && e.maxTokens() <= 512,
        "policy.embedding.maxTokens",
        "must be in [8,512]");
    p.check(
        e.truncation().equals("head") || e.truncation().equals("tail"),
        "policy.embedding.truncation",
        "must be head or tail, got '" + e.truncation() + "'");
    if (policy.mode() != null) {
      validateModeParams(policy.mode(), policy.params(), experts, config, p);
    }
    ShadowParams shadow = policy.shadow();
    if (shadow != null) {
      if (shadow.mode() == null) {
        p.add("policy.shadow.mode", "is required");
      } else if (shadow.mode() == policy.mode()) {
        p.add("policy.shadow.mode", "must differ from policy.mode");
      } else {
        // The shadow's strategy is built like the primary's, from its own parameter block.
        validateModeParams(shadow.mode(), policy.params(), experts, config, p);
      }
      p.check(
          shadow.samplePercent() >= 0 && shadow.samplePercent() <= 100,
          "policy.shadow.samplePercent",
          "must be in [0,100]");
    }
  }

  private static void validateModeParams(
      Mode mode, ModeParams params, Set<String> experts, RouterConfig config, Problems p) {
    switch (mode) {
      case CASCADE -> {
        CascadeParams c = params.cascadeOrDefault();
        String at = "policy.params.cascade";
        p.check(!c.order().isEmpty(), at + ".order", "at least one expert is required");
        refs(c.order(), at + ".order", experts, p);
        p.check(c.threshold() >= 0 && c.threshold() <= 1, at + ".threshold", "must be in [0,1]");
        p.check(c.maxDepth() >= 1, at + ".maxDepth", "must be >= 1");
        p.check(c.maxAddedLatencyMs() >= 0, at + ".maxAddedLatencyMs", "must be >= 0");
        if (c.confidence() == ConfidenceSource.JUDGE) {
          p.check(
              notBlank(c.judgeExpert()),
              at + ".judgeExpert",
              "is required when confidence is judge");
        }
        if (c.judgeExpert() != null) {
          ref(c.judgeExpert(), at + ".judgeExpert", experts, p);
        }
      }
      case BANDIT -> {
        BanditParams b = params.banditOrDefault();
        String at = "policy.params.bandit";
        p.check(b.alpha() >= 0, at + ".alpha", "must be >= 0");
        p.check(b.epsilon() >= 0 && b.epsilon() <= 1, at + ".epsilon", "must be in [0,1]");
        p.check(
            b.contextDims() >= 1 && b.contextDims() <= 384,
            at + ".contextDims",
            "must be in [1,384]");
        p.check(
            b.judgeSamplePercent() >= 0 && b.judgeSamplePercent() <= 100,
            at + ".judgeSamplePercent",
            "must be in [0,100]");
        if (b.judgeExpert() != null) {
          ref(b.judgeExpert(), at + ".judgeExpert", experts, p);
        }
        p.check(
            b.judgeSamplePercent() == 0 || notBlank(b.judgeExpert()),
            at + ".judgeExpert",
            "is required when judgeSamplePercent > 0");
      }
      case LLM -> {
        LlmParams l = params.llmOrDefault();
        String at = "policy.params.llm";
        if (!notBlank(l.routerExpert())) {
          p.add(at + ".routerExpert", "is required");
        } else {
          ref(l.routerExpert(), at + ".routerExpert", experts, p);
        }
        p.check(l.timeoutMs() > 0, at + ".timeoutMs", "must be > 0");
        p.check(l.fallbackMode() != Mode.LLM, at + ".fallbackMode", "must not be llm");
        p.check(l.cache().maxEntries() >= 0, at + ".cache.maxEntries", "must be >= 0");
        p.check(l.cache().ttlSeconds() > 0, at + ".cache.ttlSeconds", "must be > 0");
        p.check(
            l.cache().semanticThreshold() >= 0 && l.cache().semanticThreshold() <= 1,
            at + ".cache.semanticThreshold",
            "must be in [0,1]");
        if (l.fallbackMode() != Mode.LLM) {
          validateModeParams(l.fallbackMode(), params, experts, config, p);
        }
      }
      case FEDERATED -> {
        FederatedParams f = params.federatedOrDefault();
        String at = "policy.params.federated";
        p.check(f.epsilonPerRound() > 0, at + ".epsilonPerRound", "must be > 0");
        p.check(
            f.totalEpsilon() >= f.epsilonPerRound(),
            at + ".totalEpsilon",
            "must be >= epsilonPerRound");
        p.check(f.roundSeconds() >= 1, at + ".roundSeconds", "must be >= 1");
        for (int i = 0; i < f.peers().size(); i++) {
          FederatedPeer peer = f.peers().get(i);
          validateEndpoint(peer.url(), at + ".peers[" + i + "].url", p);
          if (peer.apiKeyFile() != null) {
            p.check(
                !peer.apiKeyFile().isBlank(),
                at + ".peers[" + i + "].apiKeyFile",
                "must be a file path when set");
          }
        }
        p.check(
            f.localMode() != Mode.FEDERATED,
            at + ".localMode",
            "must be another mode than federated");
        // An expert whose endpoint is a peer URL is that peer's pool (offload target), never a
        // local arm.
        Set<String> peerUrls = new HashSet<>();
        f.peers().stream()
            .filter(peer -> peer.url() != null)
            .forEach(peer -> peerUrls.add(withoutTrailingSlash(peer.url())));
        List<ExpertConfig> chat =
            config.experts().stream().filter(e -> e.kind() == ExpertKind.CHAT).toList();
        p.check(
            chat.stream()
                .anyMatch(
                    e ->
                        e.endpoint() == null
                            || !peerUrls.contains(withoutTrailingSlash(e.endpoint()))),
            "experts",
            "a federated policy needs at least one local chat expert (endpoint not among federated.peers)");
        p.check(
            !f.offloadWhenSaturated()
                || chat.stream()
                    .anyMatch(
                        e ->
                            e.endpoint() != null
                                && peerUrls.contains(withoutTrailingSlash(e.endpoint()))),
            at + ".offloadWhenSaturated",
            "needs an expert whose endpoint is one of federated.peers (the peer's pool)");
        if (f.localMode() != Mode.FEDERATED) {
          validateModeParams(f.localMode(), params, experts, config, p);
        }
      }
      case CAPABILITY -> {
        double m = params.capabilityOrDefault().minSimilarity();
        p.check(m >= -1 && m <= 1, "policy.params.capability.minSimilarity", "must be in [-1,1]");
        double c = params.capabilityOrDefault().costSensitivity();
        p.check(c >= 0 && c <= 1, "policy.params.capability.costSensitivity", "must be in [0,1]");
      }
      case CLASSIFIER -> {
        ClassifierParams c = params.classifierOrDefault();
        p.check(notBlank(c.modelFile()), "policy.params.classifier.modelFile", "is required");
        p.check(
            c.threshold() == null || (c.threshold() >= 0 && c.threshold() <= 1),
            "policy.params.classifier.threshold",
            "must be in [0,1]");
        c.expertModels()
            .forEach(
                (id, expert) ->
                    ref(expert, "policy.params.classifier.expertModels." + id, experts, p));
        ClassifierParams.TargetQuality t = c.targetQuality();
        p.check(
            t == null || c.threshold() == null,
            "policy.params.classifier",
            "set threshold or targetQuality, not both");
        if (t != null) {
          String at = "policy.params.classifier.targetQuality";
          boolean relative = t.fraction() != null || t.referenceExpert() != null;
          if (relative == (t.score() != null)) {
            p.add(at, "set either fraction with referenceExpert, or score, not both or neither");
          } else if (relative) {
            p.check(
                t.fraction() != null && t.fraction() > 0 && t.fraction() <= 1,
                at + ".fraction",
                "must be in (0,1]");
            if (t.referenceExpert() == null) {
              p.add(at + ".referenceExpert", "is required with fraction");
            } else {
              ref(t.referenceExpert(), at + ".referenceExpert", experts, p);
            }
          } else {
            p.check(t.score() >= 0 && t.score() <= 1, at + ".score", "must be in [0,1]");
          }
        }
      }
      case WEIGHTED -> {
        WeightedParams w = params.weightedOrDefault();
        String at = "policy.params.weighted";
        for (Map.Entry<String, Double> e : w.weights().entrySet()) {
          ref(e.getKey(), at + ".weights", experts, p);
          p.check(
              e.getValue() != null && e.getValue() >= 0,
              at + ".weights." + e.getKey(),
              "must be >= 0");
        }
        if (w.canary() != null) {
          if (!notBlank(w.canary().expert())) {
            p.add(at + ".canary.expert", "is required");
          } else {
            ref(w.canary().expert(), at + ".canary.expert", experts, p);
          }
          p.check(
              w.canary().percent() >= 0 && w.canary().percent() <= 100,
              at + ".canary.percent",
              "must be in [0,100]");
        }
        for (int i = 0; i < w.scorers().size(); i++) {
          p.check(
              w.scorers().get(i).type() != null, at + ".scorers[" + i + "].type", "is required");
          p.check(
              w.scorers().get(i).weight() >= 0, at + ".scorers[" + i + "].weight", "must be >= 0");
        }
        boolean anyRoutable =
            config.experts().stream()
                .anyMatch(
                    e ->
                        e.kind() == ExpertKind.CHAT
                            && w.weights().getOrDefault(e.name(), e.weight()) > 0);
        p.check(anyRoutable, at + ".weights", "at least one chat expert needs a weight > 0");
      }
      default -> throw new IllegalStateException("unhandled mode " + mode);
    }
  }

  private static void validateBudget(BudgetConfig b, Set<String> experts, Problems p) {
    refs(b.downgradeTo(), "budget.downgradeTo", experts, p);
    p.check(b.retryAfterSeconds() >= 1, "budget.retryAfterSeconds", "must be >= 1");
  }

  private static void refs(List<String> names, String at, Set<String> experts, Problems p) {
    for (int i = 0; i < names.size(); i++) {
      ref(names.get(i), at + "[" + i + "]", experts, p);
    }
  }

  private static void ref(String name, String at, Set<String> experts, Problems p) {
    if (!experts.contains(name)) {
      p.add(
          at,
          "unknown expert '" + name + "', known experts: " + experts.stream().sorted().toList());
    }
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static final class Problems {
    final List<String> list = new ArrayList<>();

    void add(String path, String message) {
      list.add(path + ": " + message);
    }

    void check(boolean ok, String path, String message) {
      if (!ok) {
        add(path, message);
      }
    }
  }
}
