package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedPrompt;
import io.switchboard.e2e.local.LocalCluster;
import io.switchboard.e2e.local.RepoLayout;
import io.switchboard.e2e.run.ClassifierArtifact;
import io.switchboard.e2e.run.PolicyEditor;
import io.switchboard.e2e.run.QuickstartTenant;
import io.switchboard.e2e.run.RouterClient;
import io.switchboard.e2e.run.Workload;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Classifier mode end to end, through the real operator against the Fabric8 mock API server (not a
 * real cluster), a real router and SIMULATED experts: a router model trained by {@code
 * switchboard-eval train} on recorded RouterBench outcomes keeps the dataset's model ids, the
 * policy maps them to its experts by each expert's {@code model}, and real prompts the model never
 * saw are routed to more than one expert. A second policy whose model (trained on RouteLLM's GSM8K
 * outcomes: GPT-4 and the Instruct Mixtral) knows none of its experts is refused with a condition
 * naming both sides, until {@code expertModels} maps an id to one of them. Its own small system
 * (three experts) keeps the class short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassifierPolicyTest {

  static final String NAMESPACE = LocalCluster.NAMESPACE;
  static final String DATASET = "routerbench_subset";
  static final String POLICY = "exam";
  static final String REFUSED = "exam-gsm8k";
  static final Map<String, String> MODELS =
      Map.of(
          "small", "mistralai/mistral-7b-chat",
          "medium", "mistralai/mixtral-8x7b-chat",
          "large", "gpt-4-1106-preview");
  static final int PROMPTS = 80;

  static RepoLayout repo;
  static LocalCluster cluster;
  static KubernetesClient client;
  static List<RecordedPrompt> replayed;
  static ClassifierArtifact routerbench;
  static ClassifierArtifact gsm8k;

  @BeforeAll
  static void startSystem() throws Exception {
    repo = RepoLayout.locate();
    assumeTrue(repo.hasData(DATASET), "recorded data absent: " + repo.dataDir());
    assumeTrue(repo.hasData("routellm_gsm8k"), "recorded data absent: " + repo.dataDir());
    Path runDir = repo.root().resolve("e2e/target/classifier-run");
    Path cache = repo.root().resolve("target/encoder-cache/embeddings");
    cluster = LocalCluster.start(repo, runDir, repo.dataDir());
    client = cluster.client();
    // The experts start (in the kubelet) while this JVM trains.
    apply(pool());
    // The quickstart's demo tenant Secret, which both policies name.
    apply(Files.readString(repo.policies("quickstart").resolve("tenant-secret.yaml")));

    replayed =
        Workload.sample(RecordedDataset.load(repo.dataDir(), DATASET), PROMPTS, 11, false)
            .prompts();
    Set<String> held = replayed.stream().map(RecordedPrompt::promptId).collect(Collectors.toSet());
    // 600 of the other prompts: enough for predictors that differ per prompt, seconds to train.
    routerbench =
        ClassifierArtifact.train(
            repo.dataDir(),
            DATASET,
            new TreeSet<>(MODELS.values()),
            held,
            600,
            11,
            runDir.resolve("model-routerbench"),
            cache);
    gsm8k =
        ClassifierArtifact.train(
            repo.dataDir(),
            "routellm_gsm8k",
            Set.of("gpt-4-1106-preview", "mistralai/Mixtral-8x7B-Instruct-v0.1"),
            Set.of(),
            150,
            11,
            runDir.resolve("model-gsm8k"),
            cache);
    System.out.printf(
        "ClassifierPolicyTest: trained on %s in %.1f s, on routellm_gsm8k in %.1f s%n",
        DATASET, routerbench.seconds(), gsm8k.seconds());
    routerbench.store(client, NAMESPACE, "exam-router", "model.json");
    gsm8k.store(client, NAMESPACE, "gsm8k-router", "model.json");
    apply(policy(POLICY, "[small, medium, large]", "exam-router"));
    apply(policy(REFUSED, "[small, medium]", "gsm8k-router"));
  }

  @AfterAll
  static void stopSystem() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void theModelKeepsTheDatasetsModelIdsAndThePolicyIsReady() {
    assertThat(routerbench.modelIds()).containsExactlyInAnyOrderElementsOf(MODELS.values());
    assertThat(routerbench.heldOut()).isEqualTo(PROMPTS);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              RoutingPolicy policy = policy(POLICY);
              assertThat(policy.getStatus()).isNotNull();
              assertThat(policy.getStatus().getConditions())
                  .as("conditions of %s", POLICY)
                  .anySatisfy(c -> isTrue(c, "Ready"));
              assertThat(policy.getStatus().getActiveExperts())
                  .containsExactlyInAnyOrder("small", "medium", "large");
            });
  }

  @Test
  @Order(2)
  void promptsTheModelNeverSawGoToMoreThanOneExpert() throws Exception {
    RouterClient router =
        new RouterClient(
            cluster.kubelet().serviceUrl(POLICY + "-router", 80).orElseThrow(),
            POLICY,
            QuickstartTenant.apiKey(repo));
    PolicyEditor.awaitRouterMode(router, "classifier", Duration.ofSeconds(60));
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<RouterClient.Reply>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < replayed.size(); i++) {
      String text = replayed.get(i).text();
      String id = "cls-" + i;
      calls.add(clients.submit(() -> router.chat(text, id, 16)));
    }
    List<RouterClient.Reply> replies = new java.util.ArrayList<>();
    for (Future<RouterClient.Reply> call : calls) {
      replies.add(call.get(60, TimeUnit.SECONDS));
    }
    clients.shutdown();
    assertThat(replies).allSatisfy(r -> assertThat(r.ok()).as("reply %s", r).isTrue());
    // Every decision is the model's own (a target or its predicted quality), none a fallback or
    // the "model knows no candidate" pass-through a model with unmapped ids gives.
    assertThat(replies)
        .allSatisfy(
            r ->
                assertThat(r.decision())
                    .startsWith("classifier;")
                    .doesNotContain("model-knows-no-candidate")
                    .doesNotContain("fallback"));
    Map<String, Long> perExpert =
        replies.stream()
            .collect(Collectors.groupingBy(RouterClient.Reply::expert, Collectors.counting()));
    System.out.println("ClassifierPolicyTest: replies per expert " + perExpert);
    assertThat(perExpert.keySet()).as("experts chosen").hasSizeGreaterThan(1);
    assertThat(perExpert.keySet()).isSubsetOf(MODELS.keySet());
  }

  @Test
  @Order(3)
  void aModelThatKnowsNoneOfThePolicysExpertsIsRefusedWithTheirNames() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              RoutingPolicy refused = policy(REFUSED);
              assertThat(refused.getStatus()).isNotNull();
              Condition valid = refused.getStatus().condition("Valid").orElseThrow();
              assertThat(valid.getStatus()).isEqualTo("False");
              assertThat(valid.getReason()).isEqualTo("ClassifierModelInvalid");
              assertThat(valid.getMessage())
                  .contains("gpt-4-1106-preview", "mistralai/Mixtral-8x7B-Instruct-v0.1")
                  .contains("[small, medium]")
                  .contains("expertModels");
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(NAMESPACE).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getInvolvedObject().getName()).isEqualTo(REFUSED);
                          assertThat(e.getMessage()).contains("gpt-4-1106-preview");
                        }));
    assertThat(
            client.apps().deployments().inNamespace(NAMESPACE).withName(REFUSED + "-router").get())
        .as("no router for a refused policy")
        .isNull();
  }

  @Test
  @Order(4)
  void mappingAnIdWithExpertModelsMakesItValid() throws Exception {
    // RouteLLM's Mixtral is the Instruct model, the pool's the chat one: declared as a stand-in.
    new PolicyEditor(client, NAMESPACE, REFUSED)
        .editSpec(
            spec -> {
              ((com.fasterxml.jackson.databind.node.ObjectNode) spec.path("classifier"))
                  .putArray("expertModels")
                  .addObject()
                  .put("modelId", "mistralai/Mixtral-8x7B-Instruct-v0.1")
                  .put("expert", "medium");
              return spec;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              RoutingPolicy fixed = policy(REFUSED);
              assertThat(fixed.getStatus().getConditions()).anySatisfy(c -> isTrue(c, "Valid"));
              assertThat(fixed.getStatus().getConfigHash()).isNotNull();
            });
  }

  private static void isTrue(Condition c, String type) {
    assertThat(c.getType()).isEqualTo(type);
    assertThat(c.getStatus()).isEqualTo("True");
  }

  private static RoutingPolicy policy(String name) {
    return client.resources(RoutingPolicy.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static void apply(String yaml) {
    for (HasMetadata object :
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(object).inNamespace(NAMESPACE).createOr(NonDeletingOperation::update);
    }
  }

  /** Three SIMULATED experts named unlike the dataset's model ids, with the quickstart's prices. */
  private static String pool() {
    return """
        apiVersion: switchboard.io/v1alpha1
        kind: ExpertPool
        metadata: {name: exam, namespace: default}
        spec:
          experts:
            - name: small
              runtime: simulated
              model: mistralai/mistral-7b-chat
              pricing: {inputPerMillionTokens: 0.13, outputPerMillionTokens: 0.13}
              simulation: {dataset: routerbench_subset, gpuType: L4, parametersBillions: 7, timeScale: 0.05}
            - name: medium
              runtime: simulated
              model: mistralai/mixtral-8x7b-chat
              pricing: {inputPerMillionTokens: 0.6, outputPerMillionTokens: 0.6}
              simulation: {dataset: routerbench_subset, gpuType: A100-80GB, parametersBillions: 13, timeScale: 0.05}
            - name: large
              runtime: simulated
              model: gpt-4-1106-preview
              pricing: {inputPerMillionTokens: 10.0, outputPerMillionTokens: 30.0}
              simulation: {dataset: routerbench_subset, gpuType: H100-80GB, parametersBillions: 220, timeScale: 0.05}
        """;
  }

  /** A classifier policy with the quickstart's demo tenant: 90% of large's quality, cheapest. */
  private static String policy(String name, String experts, String configMap) {
    return """
        apiVersion: switchboard.io/v1alpha1
        kind: RoutingPolicy
        metadata: {name: %s, namespace: default}
        spec:
          poolRef: {name: exam}
          mode: classifier
          virtualModel: %s
          experts: %s
          classifier:
            modelRef: {configMap: %s, key: model.json}
            targetQuality: {fraction: 0.9, referenceExpert: %s}
          router: {type: gateway, replicas: 1}
          auth:
            tenants:
              - name: demo
                secretRef: {name: quickstart-tenant-demo, key: api-key}
        """
        .formatted(name, name, experts, configMap, experts.contains("large") ? "large" : "medium");
  }
}
