package io.switchboard.operator.coverage;

import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.AUTOSCALER;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.BUDGET_STATUS;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.EXPERT_OBJECTS;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.GATEWAY;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.GPU_CAP;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.LEARNING_SYNC;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.ROUTER_CONFIG;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.SHADOW_VERDICT;
import static io.switchboard.operator.coverage.SpecFieldCoverageTest.Output.SIDECAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.validation.CrdValidator;
import io.switchboard.api.validation.RepoPaths;
import io.switchboard.operator.budget.BudgetOutputs;
import io.switchboard.operator.expertpool.ExpertPoolOutputs;
import io.switchboard.operator.routingpolicy.RoutingPolicyOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code spec} field of the three CRDs does something. The leaves are read from the generated
 * CRD YAML in {@code crds/manifests/}, so a new field is seen here the moment it is generated; each
 * must be covered by a mutation below, exempt with a stated reason, or pending.
 *
 * <p>A mutation edits one leaf of an example under {@code policies/} (after optional setup edits
 * that make the leaf present), and both the example world and the mutated one must pass the CRD's
 * schema and CEL rules as the API server applies them ({@link CrdValidator}, defaults filled in),
 * the operator's reference checks and the router's own config validation. The operator's pure
 * producers then run on both worlds (router configs, expert Deployments/Services/PDBs, gateway
 * objects, the webhook's patch, the SLO autoscaler and GPU cap in fixed scenarios, Budget status,
 * the ShadowBetter verdict, the learning-sync interval) and the output the mutation names must
 * differ. Inputs the producers need besides the spec (observed metrics, spend, a pod's labels) are
 * constants, never derived from the spec, so a field can only change an output by being used.
 *
 * <p>The router's half of a router-config field is checked in {@link RoutingPolicyOutputs#render}:
 * the router's codec reads the rendered file back into its config types and must get exactly what
 * the operator wrote, so no rendered key is dropped on the way in.
 */
class SpecFieldCoverageTest {

  /** What the operator produces, in which a mutated leaf must show. */
  enum Output {
    ROUTER_CONFIG,
    EXPERT_OBJECTS,
    AUTOSCALER,
    GPU_CAP,
    BUDGET_STATUS,
    GATEWAY,
    SIDECAR,
    SHADOW_VERDICT,
    LEARNING_SYNC
  }

  private static final String HYBRID = "pools/hybrid-pool.yaml";
  private static final String MOE = "pools/vllm-moe-pool.yaml";
  private static final String QS_POOL = "quickstart/pool.yaml";
  private static final String SIGNAL_POOL = "simulated/signal-quality-pool.yaml";
  private static final String BANDIT = "routing/bandit.yaml";
  private static final String CAPABILITY = "routing/capability.yaml";
  private static final String CASCADE = "routing/cascade.yaml";
  private static final String CLASSIFIER = "routing/classifier.yaml";
  private static final String CLASSIFIER_TARGET = "routing/classifier-target.yaml";
  private static final String FEDERATED = "routing/federated.yaml";
  private static final String LLM = "routing/llm-router.yaml";
  private static final String WEIGHTED = "routing/weighted.yaml";
  private static final String QS_POLICY = "quickstart/policy.yaml";
  private static final String TEAM_MONTHLY = "budgets/team-monthly.yaml";
  private static final String HOURLY = "budgets/hourly-reject.yaml";
  private static final String QS_BUDGET = "quickstart/budget.yaml";

  private static final String TOLERATION =
      "[{key: nvidia.com/gpu, operator: Equal, value: present, effect: NoExecute,"
          + " tolerationSeconds: 60}]";
  private static final String TOLERATION_EXISTS =
      "[{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]";
  private static final String TIER_WEB = "[{key: tier, operator: In, values: [web]}]";
  private static final String TEAM_IN_ASSISTANTS =
      "[{key: team, operator: In, values: [assistants]}]";
  private static final String EXPERT_MODELS = "[{modelId: mixtral-8x7b, expert: mixtral}]";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(SerializationFeature.INDENT_OUTPUT, true);

  /** The example world every mutation starts from. */
  private static final List<String> FILES =
      List.of(
          HYBRID,
          MOE,
          QS_POOL,
          SIGNAL_POOL,
          BANDIT,
          CAPABILITY,
          CASCADE,
          CLASSIFIER,
          CLASSIFIER_TARGET,
          FEDERATED,
          LLM,
          WEIGHTED,
          QS_POLICY,
          TEAM_MONTHLY,
          HOURLY,
          QS_BUDGET);

  /** Spend already recorded this period per Budget: within each example's limits, above none. */
  private static final Map<String, double[]> SPENT =
      Map.of(
          "team-monthly", new double[] {460, 1_000_000_000},
          "quickstart", new double[] {4.2, 0},
          "batch-hourly", new double[] {19, 0});

  /**
   * Leaves nothing of the operator or router needs to act on, each with its reason. Keep it short:
   * a field that does nothing is removed from the API, not listed here.
   */
  static final Map<String, String> EXEMPT = Map.of();

  /** Fields being wired on another branch, named here until that branch merges; none now. */
  static final Set<String> PENDING = Set.of();

  static final List<Case> CASES =
      List.of(
          // ExpertPool: SLO autoscaling
          leaf(MOE, "spec.experts[].autoscaling.dryRun")
              // A dry run leaves the replicas with the Deployment instead of the scale subresource.
              .set("spec.experts[0].autoscaling.dryRun", true)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].autoscaling.enabled")
              .set("spec.experts[0].autoscaling.enabled", false)
              .changes(AUTOSCALER),
          leaf(MOE, "spec.experts[].autoscaling.maxQueueDepth")
              .set("spec.experts[0].autoscaling.maxQueueDepth", 4)
              .changes(AUTOSCALER),
          leaf(MOE, "spec.experts[].autoscaling.scaleDownStabilizationSeconds")
              .set("spec.experts[0].autoscaling.scaleDownStabilizationSeconds", 600)
              .changes(AUTOSCALER),
          leaf(MOE, "spec.experts[].autoscaling.targetUtilization")
              .set("spec.experts[1].autoscaling.targetUtilization", 0.9)
              .changes(AUTOSCALER),
          leaf(MOE, "spec.experts[].autoscaling.tpotP95Ms")
              .set("spec.experts[0].autoscaling.tpotP95Ms", 30)
              .changes(AUTOSCALER),
          leaf(MOE, "spec.experts[].autoscaling.ttftP95Ms")
              .set("spec.experts[0].autoscaling.ttftP95Ms", 800)
              .changes(AUTOSCALER),
          // ExpertPool: what the router knows of each expert
          leaf(HYBRID, "spec.experts[].capabilities.cost")
              .set("spec.experts[0].capabilities.cost", 0.5)
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].capabilities.creativity")
              .set("spec.experts[0].capabilities.creativity", 0.2)
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].capabilities.knowledge")
              .set("spec.experts[0].capabilities.knowledge", 0.2)
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].capabilities.reasoning")
              .set("spec.experts[0].capabilities.reasoning", 0.2)
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].capabilities.speed")
              .set("spec.experts[0].capabilities.speed", 0.2)
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].description")
              .set("spec.experts[0].description", "Answers in haiku only.")
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].pricing.inputPerMillionTokens")
              .set("spec.experts[0].pricing.inputPerMillionTokens", 0.07)
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].pricing.outputPerMillionTokens")
              .set("spec.experts[0].pricing.outputPerMillionTokens", 0.09)
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].endpoint.url")
              .set("spec.experts[2].endpoint.url", "https://llm.example.com/v1")
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].endpoint.secretRef.name")
              .set("spec.experts[2].endpoint.secretRef.name", "openai-key-2")
              .changes(ROUTER_CONFIG),
          leaf(HYBRID, "spec.experts[].endpoint.secretRef.key")
              .set("spec.experts[2].endpoint.secretRef.key", "token")
              .changes(ROUTER_CONFIG),
          // ExpertPool: the expert's workload
          leaf(MOE, "spec.experts[].name")
              .set("spec.experts[1].name", "qwen3-moe")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].model")
              .set("spec.experts[0].model", "meta-llama/Llama-3.2-3B-Instruct")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].runtime")
              .set("spec.experts[0].runtime", "sglang")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].image")
              .set("spec.experts[0].image", "registry.example.com/vllm-openai:v0.6.3")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.count")
              // Alone: without a parallelism block the expert is tensor-parallel over its GPUs.
              .set("spec.experts[0].gpu.count", 2)
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.type")
              .set("spec.experts[0].gpu.type", "NVIDIA-A10G")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.nodeSelector.{}")
              .set("spec.experts[0].gpu.nodeSelector.zone", "eu-west-1a")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.tolerations[].key")
              .given("spec.experts[0].gpu.tolerations", yaml(TOLERATION))
              .set("spec.experts[0].gpu.tolerations[0].key", "dedicated")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.tolerations[].value")
              .given("spec.experts[0].gpu.tolerations", yaml(TOLERATION))
              .set("spec.experts[0].gpu.tolerations[0].value", "inference")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.tolerations[].effect")
              .given("spec.experts[0].gpu.tolerations", yaml(TOLERATION_EXISTS))
              .set("spec.experts[0].gpu.tolerations[0].effect", "PreferNoSchedule")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.tolerations[].operator")
              .given("spec.experts[0].gpu.tolerations", yaml(TOLERATION_EXISTS))
              .set("spec.experts[0].gpu.tolerations[0].operator", "Equal")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].gpu.tolerations[].tolerationSeconds")
              .given("spec.experts[0].gpu.tolerations", yaml(TOLERATION))
              .set("spec.experts[0].gpu.tolerations[0].tolerationSeconds", 120)
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].replicas.min")
              .set("spec.experts[0].replicas.min", 2)
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].replicas.max")
              .set("spec.experts[0].replicas.max", 2)
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].parallelism.expertParallel")
              .set("spec.experts[1].parallelism.expertParallel", false)
              .changes(EXPERT_OBJECTS),
          // tensor × pipeline × data must equal gpu.count (CEL): a factor can only move against
          // another one, so each mutation trades the leaf against a factor left at 1.
          leaf(MOE, "spec.experts[].parallelism.tensor")
              .set("spec.experts[1].parallelism.tensor", 2)
              .compensate("spec.experts[1].parallelism.pipeline", 2)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].parallelism.pipeline")
              .given("spec.experts[1].parallelism.tensor", 2)
              .given("spec.experts[1].parallelism.data", 2)
              .set("spec.experts[1].parallelism.pipeline", 2)
              .compensate("spec.experts[1].parallelism.data", 1)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].parallelism.data")
              .given("spec.experts[1].parallelism.tensor", 2)
              .given("spec.experts[1].parallelism.pipeline", 2)
              .set("spec.experts[1].parallelism.data", 2)
              .compensate("spec.experts[1].parallelism.pipeline", 1)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].engine.extraArgs[]")
              .given("spec.experts[0].engine.extraArgs", yaml("[--enable-prefix-caching]"))
              .set("spec.experts[0].engine.extraArgs[0]", "--enable-chunked-prefill")
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].engine.gpuMemoryUtilization")
              .set("spec.experts[0].engine.gpuMemoryUtilization", 0.8)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].engine.maxConcurrency")
              .set("spec.experts[0].engine.maxConcurrency", 32)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].engine.maxModelLen")
              .set("spec.experts[0].engine.maxModelLen", 8192)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].engine.quantization")
              .set("spec.experts[1].engine.quantization", "awq")
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].modelCache.preload")
              .set("spec.experts[0].modelCache.preload", false)
              .changes(EXPERT_OBJECTS),
          leaf(MOE, "spec.experts[].modelCache.pvcName")
              .set("spec.experts[0].modelCache.pvcName", "model-cache")
              .changes(EXPERT_OBJECTS),
          leaf(HYBRID, "spec.experts[].modelCache.emptyDirSizeLimit")
              .set("spec.experts[0].modelCache.emptyDirSizeLimit", "80Gi")
              .changes(EXPERT_OBJECTS),
          // ExpertPool: the simulated expert
          leaf(QS_POOL, "spec.experts[].simulation.dataset")
              .set("spec.experts[0].simulation.dataset", "mmlu_subset")
              .changes(EXPERT_OBJECTS),
          leaf(QS_POOL, "spec.experts[].simulation.dataPvc")
              .set("spec.experts[0].simulation.dataPvc", "recorded-outcomes")
              .changes(EXPERT_OBJECTS),
          leaf(QS_POOL, "spec.experts[].simulation.gpuType")
              .set("spec.experts[0].simulation.gpuType", "A100-80GB")
              .changes(EXPERT_OBJECTS),
          leaf(QS_POOL, "spec.experts[].simulation.parametersBillions")
              .set("spec.experts[0].simulation.parametersBillions", 8)
              .changes(EXPERT_OBJECTS),
          leaf(QS_POOL, "spec.experts[].simulation.timeScale")
              .set("spec.experts[0].simulation.timeScale", 0.5)
              .changes(EXPERT_OBJECTS),
          leaf(QS_POOL, "spec.experts[].simulation.confidenceAuroc")
              .set("spec.experts[0].simulation.confidenceAuroc", 0.9)
              .changes(EXPERT_OBJECTS),
          leaf(QS_POOL, "spec.experts[].simulation.judgeAgreement")
              .set("spec.experts[0].simulation.judgeAgreement", 0.95)
              .changes(EXPERT_OBJECTS),
          leaf(QS_POOL, "spec.experts[].simulation.routerAccuracy")
              .set("spec.experts[0].simulation.routerAccuracy", 0.6)
              .changes(EXPERT_OBJECTS),
          // RoutingPolicy: top level
          leaf(WEIGHTED, "spec.mode").set("spec.mode", "capability").changes(ROUTER_CONFIG),
          leaf(CAPABILITY, "spec.poolRef.name")
              .set("spec.poolRef.name", "chat-experts")
              .changes(ROUTER_CONFIG),
          leaf(WEIGHTED, "spec.virtualModel")
              .set("spec.virtualModel", "chat-v2")
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.experts[]")
              .given("spec.experts", yaml("[llama-8b, mixtral, gpt-4o]"))
              .set("spec.experts[1]", "gpt-4o-mini")
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.fallback[]")
              .set("spec.fallback[0]", "llama-8b")
              .changes(ROUTER_CONFIG),
          leaf(WEIGHTED, "spec.allowDirectExpertSelection")
              .set("spec.allowDirectExpertSelection", false)
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.budgetRef.name").remove("spec.budgetRef").changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.rewardWeights.quality")
              .set("spec.rewardWeights.quality", 2.0)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.rewardWeights.cost")
              .set("spec.rewardWeights.cost", 0.3)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.rewardWeights.latency")
              .set("spec.rewardWeights.latency", 0.4)
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.retries.attempts").set("spec.retries.attempts", 3).changes(ROUTER_CONFIG),
          leaf(LLM, "spec.retries.backoffMs")
              .set("spec.retries.backoffMs", 200)
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.retries.maxBackoffMs")
              .set("spec.retries.maxBackoffMs", 2000)
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.timeouts.connectMs")
              .set("spec.timeouts.connectMs", 500)
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.timeouts.firstByteMs")
              .set("spec.timeouts.firstByteMs", 20000)
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.timeouts.totalMs")
              .set("spec.timeouts.totalMs", 90000)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.embedding.encoder")
              .set("spec.embedding.encoder", "minilm")
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.embedding.maxTokens")
              .set("spec.embedding.maxTokens", 256)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.embedding.truncation")
              .set("spec.embedding.truncation", "head")
              .changes(ROUTER_CONFIG),
          // RoutingPolicy: tenants
          leaf(QS_POLICY, "spec.auth.required")
              .set("spec.auth.required", false)
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].name")
              .set("spec.auth.tenants[0].name", "demo-team")
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].secretRef.name")
              .set("spec.auth.tenants[0].secretRef.name", "tenant-keys")
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].secretRef.key")
              .set("spec.auth.tenants[0].secretRef.key", "key")
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].secretRef.previousKey")
              .set("spec.auth.tenants[0].secretRef.previousKey", "old-key")
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].requestsPerMinute")
              .set("spec.auth.tenants[0].requestsPerMinute", 600)
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].tokensPerMinute")
              .set("spec.auth.tenants[0].tokensPerMinute", 200000)
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].monthlyUsdCap")
              .set("spec.auth.tenants[0].monthlyUsdCap", 50)
              .changes(ROUTER_CONFIG),
          leaf(QS_POLICY, "spec.auth.tenants[].scope")
              .set("spec.auth.tenants[0].scope", "federation")
              .changes(ROUTER_CONFIG),
          // RoutingPolicy: router deployment and injection
          leaf(BANDIT, "spec.router.type").set("spec.router.type", "gateway").changes(GATEWAY),
          leaf(WEIGHTED, "spec.router.replicas").set("spec.router.replicas", 2).changes(GATEWAY),
          leaf(WEIGHTED, "spec.router.image")
              .set("spec.router.image", "registry.example.com/switchboard-router:1.2")
              .changes(GATEWAY),
          leaf(BANDIT, "spec.router.workloadSelector.matchLabels.{}")
              .set("spec.router.workloadSelector.matchLabels.app", "assistant-backend")
              .changes(SIDECAR),
          leaf(BANDIT, "spec.router.workloadSelector.matchExpressions[].key")
              .given("spec.router.workloadSelector.matchExpressions", yaml(TIER_WEB))
              .set("spec.router.workloadSelector.matchExpressions[0].key", "role")
              .changes(SIDECAR),
          leaf(BANDIT, "spec.router.workloadSelector.matchExpressions[].operator")
              .given("spec.router.workloadSelector.matchExpressions", yaml(TIER_WEB))
              .set("spec.router.workloadSelector.matchExpressions[0].operator", "NotIn")
              .changes(SIDECAR),
          leaf(BANDIT, "spec.router.workloadSelector.matchExpressions[].values[]")
              .given("spec.router.workloadSelector.matchExpressions", yaml(TIER_WEB))
              .set("spec.router.workloadSelector.matchExpressions[0].values[0]", "api")
              .changes(SIDECAR),
          // RoutingPolicy: shadow
          leaf(WEIGHTED, "spec.shadow.mode")
              .given("spec.shadow", yaml("{mode: capability}"))
              .set("spec.shadow.mode", "bandit")
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.shadow.samplePercent")
              .set("spec.shadow.samplePercent", 50)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.shadow.mirror").set("spec.shadow.mirror", true).changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.shadow.minSamples")
              .set("spec.shadow.minSamples", 300)
              .changes(SHADOW_VERDICT),
          // RoutingPolicy: bandit
          leaf(BANDIT, "spec.bandit.algorithm")
              .set("spec.bandit.algorithm", "thompson")
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.bandit.alpha").set("spec.bandit.alpha", 1.5).changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.bandit.epsilon")
              .set("spec.bandit.epsilon", 0.2)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.bandit.contextDims")
              .set("spec.bandit.contextDims", 64)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.bandit.judgeExpert")
              .set("spec.bandit.judgeExpert", "gpt-4o-mini")
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.bandit.judgeSamplePercent")
              .set("spec.bandit.judgeSamplePercent", 10)
              .changes(ROUTER_CONFIG),
          leaf(BANDIT, "spec.bandit.stateSyncSeconds")
              .set("spec.bandit.stateSyncSeconds", 60)
              .changes(LEARNING_SYNC),
          // RoutingPolicy: capability
          leaf(CAPABILITY, "spec.capability.minSimilarity")
              .set("spec.capability.minSimilarity", 0.3)
              .changes(ROUTER_CONFIG),
          leaf(CAPABILITY, "spec.capability.costSensitivity")
              .set("spec.capability.costSensitivity", 0.1)
              .changes(ROUTER_CONFIG),
          // RoutingPolicy: cascade
          leaf(CASCADE, "spec.cascade.order[]")
              .set("spec.cascade.order[1]", "gpt-4o")
              .set("spec.cascade.order[2]", "gpt-4o-mini")
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.cascade.confidence")
              .set("spec.cascade.confidence", "predictor")
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.cascade.judgeExpert")
              .set("spec.cascade.judgeExpert", "gpt-4o")
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.cascade.threshold")
              .set("spec.cascade.threshold", 0.8)
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.cascade.maxDepth")
              .set("spec.cascade.maxDepth", 3)
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.cascade.maxAddedLatencyMs")
              .set("spec.cascade.maxAddedLatencyMs", 8000)
              .changes(ROUTER_CONFIG),
          leaf(CASCADE, "spec.cascade.streaming")
              .set("spec.cascade.streaming", "stream-first-stage")
              .changes(ROUTER_CONFIG),
          // RoutingPolicy: classifier
          leaf(CLASSIFIER, "spec.classifier.modelRef.configMap")
              .set("spec.classifier.modelRef.configMap", "mmlu-router-v2")
              .changes(GATEWAY),
          leaf(CLASSIFIER, "spec.classifier.modelRef.key")
              .set("spec.classifier.modelRef.key", "router.json")
              .changes(ROUTER_CONFIG),
          leaf(CLASSIFIER, "spec.classifier.threshold")
              .set("spec.classifier.threshold", 0.5)
              .changes(ROUTER_CONFIG),
          leaf(CLASSIFIER, "spec.classifier.expertModels[].modelId")
              .given("spec.classifier.expertModels", yaml(EXPERT_MODELS))
              .set("spec.classifier.expertModels[0].modelId", "mixtral-8x7b-instruct")
              .changes(ROUTER_CONFIG),
          leaf(CLASSIFIER, "spec.classifier.expertModels[].expert")
              .given("spec.classifier.expertModels", yaml(EXPERT_MODELS))
              .set("spec.classifier.expertModels[0].expert", "gpt-4o")
              .changes(ROUTER_CONFIG),
          leaf(CLASSIFIER_TARGET, "spec.classifier.targetQuality.fraction")
              .set("spec.classifier.targetQuality.fraction", 0.9)
              .changes(ROUTER_CONFIG),
          leaf(CLASSIFIER_TARGET, "spec.classifier.targetQuality.referenceExpert")
              .set("spec.classifier.targetQuality.referenceExpert", "mixtral")
              .changes(ROUTER_CONFIG),
          leaf(CLASSIFIER_TARGET, "spec.classifier.targetQuality.score")
              .given("spec.classifier.targetQuality", yaml("{score: 0.8}"))
              .set("spec.classifier.targetQuality.score", 0.7)
              .changes(ROUTER_CONFIG),
          // RoutingPolicy: federated
          leaf(FEDERATED, "spec.federated.peers[].name")
              .set("spec.federated.peers[0].name", "eu-north")
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.peers[].url")
              .set("spec.federated.peers[0].url", "https://router.eu-north.example.internal")
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.peers[].secretRef.name")
              .set("spec.federated.peers[0].secretRef.name", "federation-eu")
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.peers[].secretRef.key")
              .set("spec.federated.peers[0].secretRef.key", "token")
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.epsilonPerRound")
              .set("spec.federated.epsilonPerRound", 0.2)
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.totalEpsilon")
              .set("spec.federated.totalEpsilon", 4.0)
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.roundSeconds")
              .set("spec.federated.roundSeconds", 600)
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.localMode")
              .set("spec.federated.localMode", "capability")
              .changes(ROUTER_CONFIG),
          leaf(FEDERATED, "spec.federated.offloadWhenSaturated")
              .set("spec.federated.offloadWhenSaturated", false)
              .changes(ROUTER_CONFIG),
          // RoutingPolicy: llm
          leaf(LLM, "spec.llm.routerExpert")
              .set("spec.llm.routerExpert", "mixtral")
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.llm.timeoutMs").set("spec.llm.timeoutMs", 700).changes(ROUTER_CONFIG),
          leaf(LLM, "spec.llm.fallbackMode")
              .set("spec.llm.fallbackMode", "bandit")
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.llm.cache.maxEntries")
              .set("spec.llm.cache.maxEntries", 5000)
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.llm.cache.ttlSeconds")
              .set("spec.llm.cache.ttlSeconds", 300)
              .changes(ROUTER_CONFIG),
          leaf(LLM, "spec.llm.cache.semanticThreshold")
              .set("spec.llm.cache.semanticThreshold", 0.95)
              .changes(ROUTER_CONFIG),
          // RoutingPolicy: weighted
          leaf(WEIGHTED, "spec.weighted.weights[].expert")
              .set("spec.weighted.weights[1].expert", "gpt-4o")
              .changes(ROUTER_CONFIG),
          leaf(WEIGHTED, "spec.weighted.weights[].weight")
              .set("spec.weighted.weights[0].weight", 70)
              .changes(ROUTER_CONFIG),
          leaf(WEIGHTED, "spec.weighted.weights[].priority")
              .set("spec.weighted.weights[1].priority", 2)
              .changes(ROUTER_CONFIG),
          leaf(WEIGHTED, "spec.weighted.canary.expert")
              .set("spec.weighted.canary.expert", "gpt-4o")
              .changes(ROUTER_CONFIG),
          leaf(WEIGHTED, "spec.weighted.canary.percent")
              .set("spec.weighted.canary.percent", 10)
              .changes(ROUTER_CONFIG),
          // Budget
          leaf(TEAM_MONTHLY, "spec.period").set("spec.period", "day").changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.limits.usd").set("spec.limits.usd", 600).changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.limits.tokens")
              .set("spec.limits.tokens", 1_500_000_000L)
              .changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.enforcement.action")
              .set("spec.enforcement.action", "reject")
              .changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.enforcement.thresholdPercent")
              .set("spec.enforcement.thresholdPercent", 95)
              .changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.enforcement.downgradeTo")
              .set("spec.enforcement.downgradeTo", "llama-8b")
              .changes(ROUTER_CONFIG),
          // The routers hold the latency target (deprioritising slow experts); SloMet judges both
          // targets against BudgetOutputs.WINDOW (p95 3 s, quality 0.75).
          leaf(TEAM_MONTHLY, "spec.slo.p95LatencyMs")
              .set("spec.slo.p95LatencyMs", 2000)
              .changes(ROUTER_CONFIG),
          leaf(TEAM_MONTHLY, "spec.slo.minQuality")
              .set("spec.slo.minQuality", 0.8)
              .changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.gpuCap")
              // The self-hosted pool autoscales; its capability policy joins the team's Budget.
              .given(CAPABILITY, "metadata.labels", yaml("{team: assistants}"))
              .set("spec.gpuCap", 6)
              .changes(GPU_CAP),
          leaf(TEAM_MONTHLY, "spec.policySelector.matchLabels.{}")
              .set("spec.policySelector.matchLabels.team", "research")
              .changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.policySelector.matchExpressions[].key")
              .given("spec.policySelector.matchExpressions", yaml(TEAM_IN_ASSISTANTS))
              .set("spec.policySelector.matchExpressions[0].key", "group")
              .changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.policySelector.matchExpressions[].operator")
              .given("spec.policySelector.matchExpressions", yaml(TEAM_IN_ASSISTANTS))
              .set("spec.policySelector.matchExpressions[0].operator", "NotIn")
              .changes(BUDGET_STATUS),
          leaf(TEAM_MONTHLY, "spec.policySelector.matchExpressions[].values[]")
              .given("spec.policySelector.matchExpressions", yaml(TEAM_IN_ASSISTANTS))
              .set("spec.policySelector.matchExpressions[0].values[0]", "research")
              .changes(BUDGET_STATUS));

  private static final Map<String, CrdValidator> VALIDATORS = validators();

  @Test
  void everySpecLeafIsCoveredExemptOrPending() {
    SortedSet<String> leaves = new TreeSet<>();
    VALIDATORS.forEach(
        (kind, validator) ->
            SpecLeaves.of(validator.openApiSchema()).forEach(l -> leaves.add(kind + ":" + l)));
    Map<String, Long> coveredCount =
        CASES.stream()
            .collect(Collectors.groupingBy(Case::key, TreeMap::new, Collectors.counting()));
    SortedSet<String> accounted = new TreeSet<>(coveredCount.keySet());
    accounted.addAll(EXEMPT.keySet());
    accounted.addAll(PENDING);

    SortedSet<String> unaccounted = new TreeSet<>(leaves);
    unaccounted.removeAll(accounted);
    SortedSet<String> unknown = new TreeSet<>(accounted);
    unknown.removeAll(leaves);
    assertThat(unaccounted)
        .as(
            "spec fields with no mutation in CASES (nor EXEMPT with a reason, nor PENDING): make"
                + " the operator act on them, or remove them from the API")
        .isEmpty();
    assertThat(unknown).as("listed fields that are no longer in crds/manifests").isEmpty();
    assertThat(
            coveredCount.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
        .as("fields with more than one case")
        .isEmpty();
    Set<String> overlap = new TreeSet<>(EXEMPT.keySet());
    overlap.retainAll(PENDING);
    overlap.addAll(
        coveredCount.keySet().stream()
            .filter(k -> EXEMPT.containsKey(k) || PENDING.contains(k))
            .toList());
    assertThat(overlap).as("fields listed twice").isEmpty();
    assertThat(EXEMPT.values()).allSatisfy(reason -> assertThat(reason).isNotBlank());
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutatingTheFieldChangesWhatTheOperatorProduces(Case c) {
    String kind = kindOf(c.file());
    JsonNode schema = VALIDATORS.get(kind).openApiSchema();
    for (Edit edit : c.mutation()) {
      String landsOn = SpecLeaves.leafOf(schema, edit.path());
      if (edit.compensating()) {
        assertThat(landsOn).as("a compensating edit is of another field").isNotEqualTo(c.leaf());
      } else if (edit.value() == null) {
        assertThat(c.leaf().equals(landsOn) || c.leaf().startsWith(landsOn + "."))
            .as(edit.path() + " removes " + landsOn + ", not " + c.leaf())
            .isTrue();
      } else {
        assertThat(landsOn).as("the field " + edit.path() + " edits").isEqualTo(c.leaf());
      }
    }

    Map<String, ObjectNode> base = examples();
    c.setup().forEach(edit -> edit.applyTo(base));
    Map<String, ObjectNode> mutated = new LinkedHashMap<>();
    base.forEach((file, node) -> mutated.put(file, node.deepCopy()));
    c.mutation().forEach(edit -> edit.applyTo(mutated));

    World before = world(base, "the example world" + (c.setup().isEmpty() ? "" : " after setup"));
    World after = world(mutated, "the mutated world");
    assertThat(after.stored().get(c.file()))
        .as("the mutation changes the stored " + c.file() + " (not a no-op or a default)")
        .isNotEqualTo(before.stored().get(c.file()));

    Map<String, String> outBefore = outputs(before);
    Map<String, String> outAfter = outputs(after);
    List<String> changed = new ArrayList<>();
    for (String key : union(outBefore.keySet(), outAfter.keySet())) {
      if (!Objects.equals(outBefore.get(key), outAfter.get(key))) {
        changed.add(key);
      }
    }
    if (changed.stream().noneMatch(k -> k.startsWith(c.changes().name() + " "))) {
      fail(
          c.key()
              + ": mutating it changed nothing in "
              + c.changes()
              + (changed.isEmpty() ? " nor anywhere else" : "; it changed only " + changed));
    }
  }

  /** Everything the operator's producers make of a world, by output and resource. */
  private static Map<String, String> outputs(World w) {
    Map<String, String> out = new TreeMap<>();
    for (ExpertPool pool : w.pools()) {
      String id = id(pool);
      out.put(EXPERT_OBJECTS + " " + id, json(ExpertPoolOutputs.expertObjects(pool)));
      out.put(AUTOSCALER + " " + id, json(ExpertPoolOutputs.autoscaling(pool)));
      out.put(
          GPU_CAP + " " + id,
          json(
              ExpertPoolOutputs.gpuCapped(pool, w.budgets(), w.policies(), w.pools())
                  .orElse(null)));
    }
    for (RoutingPolicy policy : w.policies()) {
      String id = id(policy);
      out.put(
          ROUTER_CONFIG + " " + id,
          RoutingPolicyOutputs.render(policy, w.pools(), w.budgets()).json());
      out.put(GATEWAY + " " + id, json(RoutingPolicyOutputs.gateway(policy, w.pools())));
      out.put(SIDECAR + " " + id, json(RoutingPolicyOutputs.sidecar(policy, w.pools())));
      out.put(SHADOW_VERDICT + " " + id, RoutingPolicyOutputs.shadowVerdict(policy).orElse("none"));
      out.put(
          LEARNING_SYNC + " " + id,
          RoutingPolicyOutputs.learningSyncInterval(policy).map(Object::toString).orElse("none"));
    }
    for (Budget budget : w.budgets()) {
      double[] spent = SPENT.get(budget.getMetadata().getName());
      out.put(
          BUDGET_STATUS + " " + id(budget),
          json(BudgetOutputs.status(budget, w.policies(), spent[0], (long) spent[1])));
    }
    return out;
  }

  /** The resources as the API server stores them, and in the CR model. */
  private record World(
      Map<String, ObjectNode> stored,
      List<ExpertPool> pools,
      List<RoutingPolicy> policies,
      List<Budget> budgets) {}

  private static World world(Map<String, ObjectNode> raw, String what) {
    Map<String, ObjectNode> stored = new LinkedHashMap<>();
    List<ExpertPool> pools = new ArrayList<>();
    List<RoutingPolicy> policies = new ArrayList<>();
    List<Budget> budgets = new ArrayList<>();
    raw.forEach(
        (file, node) -> {
          CrdValidator validator = VALIDATORS.get(node.path("kind").asText());
          List<String> errors = validator.validate(node);
          assertThat(errors).as("the API server refuses " + file + " in " + what).isEmpty();
          ObjectNode defaulted = validator.defaulted(node);
          stored.put(file, defaulted);
          try {
            switch (validator.kind()) {
              case "ExpertPool" -> pools.add(JSON.treeToValue(defaulted, ExpertPool.class));
              case "RoutingPolicy" ->
                  policies.add(JSON.treeToValue(defaulted, RoutingPolicy.class));
              case "Budget" -> budgets.add(JSON.treeToValue(defaulted, Budget.class));
              default -> throw new IllegalStateException(validator.kind());
            }
          } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
          }
        });
    return new World(stored, pools, policies, budgets);
  }

  private static Map<String, ObjectNode> examples() {
    Map<String, ObjectNode> out = new LinkedHashMap<>();
    for (String file : FILES) {
      out.put(file, read(file));
    }
    return out;
  }

  private static ObjectNode read(String file) {
    try {
      return (ObjectNode)
          YAML.readTree(Files.readString(RepoPaths.root().resolve("policies").resolve(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String kindOf(String file) {
    return read(file).path("kind").asText();
  }

  private static Map<String, CrdValidator> validators() {
    Map<String, CrdValidator> out = new TreeMap<>();
    for (String plural : List.of("expertpools", "routingpolicies", "budgets")) {
      try {
        CrdValidator validator = CrdValidator.fromCrdFile(RepoPaths.crd(plural));
        out.put(validator.kind(), validator);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static String id(io.fabric8.kubernetes.api.model.HasMetadata r) {
    return r.getKind() + "/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  /** One edit of one example file; a null value removes. */
  record Edit(String file, String path, JsonNode value, boolean compensating) {
    void applyTo(Map<String, ObjectNode> world) {
      ObjectNode root = world.get(file);
      if (value == null) {
        SpecLeaves.remove(root, path);
      } else {
        SpecLeaves.set(root, path, value);
      }
    }
  }

  /**
   * One leaf's coverage: setup edits (of any example) that make the leaf present, the mutation of
   * the leaf, and the output that must change.
   */
  record Case(String file, String leaf, List<Edit> setup, List<Edit> mutation, Output changes) {
    String key() {
      return kindOf(file) + ":" + leaf;
    }

    @Override
    public String toString() {
      return key();
    }
  }

  static Builder leaf(String file, String leaf) {
    return new Builder(file, leaf);
  }

  static final class Builder {
    private final String file;
    private final String leaf;
    private final List<Edit> setup = new ArrayList<>();
    private final List<Edit> mutation = new ArrayList<>();

    Builder(String file, String leaf) {
      this.file = file;
      this.leaf = leaf;
    }

    Builder given(String path, Object value) {
      return given(file, path, value);
    }

    Builder given(String otherFile, String path, Object value) {
      setup.add(new Edit(otherFile, path, JSON.valueToTree(value), false));
      return this;
    }

    Builder set(String path, Object value) {
      mutation.add(new Edit(file, path, JSON.valueToTree(value), false));
      return this;
    }

    Builder remove(String path) {
      mutation.add(new Edit(file, path, null, false));
      return this;
    }

    /** A second edit a CEL rule requires together with the leaf's. */
    Builder compensate(String path, Object value) {
      mutation.add(new Edit(file, path, JSON.valueToTree(value), true));
      return this;
    }

    Case changes(Output output) {
      return new Case(file, leaf, List.copyOf(setup), List.copyOf(mutation), output);
    }
  }
}
