package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.v1alpha1.budget.Budget;
import io.switchboard.api.v1alpha1.budget.BudgetStatus;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.AuthSpec;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.router.config.FederatedPeer;
import io.switchboard.router.config.RouterConfig;
import io.switchboard.router.config.RouterConfigCodec;
import io.switchboard.router.config.TenantConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each example RoutingPolicy under policies/ rendered with its pool must equal the
 * checked-in router config, and the router's own codec must accept it. Regenerate after an intended
 * change with {@code -Dswitchboard.updateGolden=true}.
 */
class RouterConfigRendererTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/router-config");
  private static final Map<String, String> POOL_FILES =
      Map.of(
          "chat-experts", "pools/hybrid-pool.yaml",
          "self-hosted", "pools/vllm-moe-pool.yaml",
          "quickstart", "quickstart/pool.yaml");

  private final RouterConfigRenderer renderer =
      new RouterConfigRenderer(ExpertEndpoints.clusterServices());
  private final RouterConfigCodec codec = new RouterConfigCodec();

  static Stream<Arguments> examples() {
    return Stream.of(
            "routing/cascade.yaml",
            "routing/bandit.yaml",
            "routing/llm-router.yaml",
            "routing/federated.yaml",
            "routing/capability.yaml",
            "routing/classifier.yaml",
            "routing/classifier-target.yaml",
            "routing/weighted.yaml",
            "quickstart/policy.yaml")
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void renderedConfigMatchesGoldenFileAndParsesInTheRouter(String policyFile) throws Exception {
    RoutingPolicy policy = PolicyFiles.read(policyFile, RoutingPolicy.class);
    ExpertPool pool =
        PolicyFiles.read(POOL_FILES.get(policy.getSpec().poolRef().name()), ExpertPool.class);
    Optional<Budget> budget =
        policy.getSpec().budgetRef() == null
            ? Optional.empty()
            : Optional.of(
                PolicyFiles.read(
                    "quickstart".equals(policy.getSpec().budgetRef().name())
                        ? "quickstart/budget.yaml"
                        : "budgets/team-monthly.yaml",
                    Budget.class));

    String json = codec.write(renderer.render(policy, pool, budget));

    RouterConfig parsed = codec.parse(json);
    assertThat(parsed.policy().mode().wireName()).isEqualTo(policy.getSpec().mode().wireName());
    assertGolden(policy.getMetadata().getName() + ".json", json);
  }

  @Test
  void renderingIsDeterministic() throws Exception {
    RoutingPolicy policy = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);
    assertThat(codec.write(renderer.render(policy, pool, Optional.empty())))
        .isEqualTo(codec.write(renderer.render(policy, pool, Optional.empty())));
  }

  @Test
  void externalExpertsGetTheirKeyAsAMountedFileAndNoV1Suffix() {
    RoutingPolicy policy = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);
    var gpt4o =
        renderer.render(policy, pool, Optional.empty()).experts().stream()
            .filter(e -> e.name().equals("gpt-4o-mini"))
            .findFirst()
            .orElseThrow();
    assertThat(gpt4o.endpoint()).isEqualTo("https://api.openai.com");
    assertThat(gpt4o.apiKeyFile()).isEqualTo("/var/run/secrets/switchboard/openai-key/api-key");
    var llama =
        renderer.render(policy, pool, Optional.empty()).experts().stream()
            .filter(e -> e.name().equals("llama-8b"))
            .findFirst()
            .orElseThrow();
    assertThat(llama.endpoint()).isEqualTo("http://chat-experts-llama-8b.ml-serving.svc:8000");
  }

  @Test
  void federationPeersGetTheirKeyAsAMountedFileForOffloadAndAggregateFetches() {
    RoutingPolicy policy = PolicyFiles.read("routing/federated.yaml", RoutingPolicy.class);
    ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
    var config = renderer.render(policy, pool, Optional.empty());

    assertThat(config.policy().params().federated().peers())
        .containsExactly(
            new FederatedPeer(
                "https://router.eu-west.example.internal",
                "/var/run/secrets/switchboard/federation-eu-west/api-key"),
            new FederatedPeer(
                "https://router.us-east.example.internal",
                "/var/run/secrets/switchboard/federation-us-east/api-key"));
    var euWest = config.expert("peer-eu-west").orElseThrow();
    assertThat(euWest.endpoint()).isEqualTo("https://router.eu-west.example.internal");
    assertThat(euWest.apiKeyFile())
        .isEqualTo("/var/run/secrets/switchboard/federation-eu-west/api-key");
  }

  @Test
  void federationPeerSecretsAreMountedLikeExpertSecretsInAStableOrder() {
    RoutingPolicy policy = PolicyFiles.read("routing/federated.yaml", RoutingPolicy.class);
    ExpertPool pool = PolicyFiles.read("pools/vllm-moe-pool.yaml", ExpertPool.class);
    var workloads = new RouterWorkloads("router:test", "IfNotPresent", new RouterPorts(8080, 9000));
    var experts = RouterWorkloads.expertsOf(policy, pool);

    assertThat(workloads.container(policy, experts).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith(RouterConfigRenderer.SECRET_MOUNT_ROOT))
        .extracting(m -> m.getMountPath())
        .containsExactly(
            "/var/run/secrets/switchboard/federation-eu-west",
            "/var/run/secrets/switchboard/federation-us-east");
    assertThat(workloads.volumes(policy, experts))
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName())
        .containsExactly("federation-eu-west", "federation-us-east");
    assertThat(workloads.container(policy, experts))
        .isEqualTo(workloads.container(policy, experts));
  }

  @Test
  void tenantsGetTheirMountedKeyFilesAndLimitsAndKeysAreRequiredByDefault() {
    RoutingPolicy policy = PolicyFiles.read("quickstart/policy.yaml", RoutingPolicy.class);
    ExpertPool pool = PolicyFiles.read("quickstart/pool.yaml", ExpertPool.class);
    var tenants = renderer.render(policy, pool, Optional.empty()).tenants();

    assertThat(tenants.required()).isTrue();
    assertThat(tenants.entries())
        .containsExactly(
            new TenantConfig(
                "demo",
                List.of(
                    "/var/run/secrets/switchboard/quickstart-tenant-demo/api-key",
                    "/var/run/secrets/switchboard/quickstart-tenant-demo/previous-api-key"),
                6000L,
                2_000_000L,
                100.0,
                "inference"));
    // no auth block: keys required, none valid
    RoutingPolicy open = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    var none =
        renderer
            .render(
                open,
                PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class),
                Optional.empty())
            .tenants();
    assertThat(none.required()).isTrue();
    assertThat(none.entries()).isEmpty();
    assertThat(RouterConfigRenderer.tenants(new AuthSpec(false, null)).required()).isFalse();
  }

  @Test
  void tenantSecretsAreMountedOptionalSoAMissingOneDoesNotBlockThePod() {
    RoutingPolicy policy = PolicyFiles.read("quickstart/policy.yaml", RoutingPolicy.class);
    ExpertPool pool = PolicyFiles.read("quickstart/pool.yaml", ExpertPool.class);
    var workloads = new RouterWorkloads("router:test", "IfNotPresent", new RouterPorts(8080, 9000));
    var experts = RouterWorkloads.expertsOf(policy, pool);

    assertThat(workloads.container(policy, experts).getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith(RouterConfigRenderer.SECRET_MOUNT_ROOT))
        .extracting(m -> m.getMountPath() + (m.getReadOnly() ? " ro" : " rw"))
        .containsExactly("/var/run/secrets/switchboard/quickstart-tenant-demo ro");
    assertThat(workloads.volumes(policy, experts))
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getSecretName() + " optional=" + v.getSecret().getOptional())
        .containsExactly("quickstart-tenant-demo optional=true");
    // an expert's Secret stays required: without it the expert cannot be called at all
    RoutingPolicy weighted = PolicyFiles.read("routing/weighted.yaml", RoutingPolicy.class);
    ExpertPool hybrid = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);
    assertThat(workloads.volumes(weighted, RouterWorkloads.expertsOf(weighted, hybrid)))
        .filteredOn(v -> v.getSecret() != null)
        .extracting(v -> v.getSecret().getOptional())
        .containsOnlyNulls();
  }

  @Test
  void exceededBudgetSwitchesRoutersToItsEnforcement() {
    RoutingPolicy policy = PolicyFiles.read("routing/cascade.yaml", RoutingPolicy.class);
    ExpertPool pool = PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);
    Budget budget = PolicyFiles.read("budgets/team-monthly.yaml", Budget.class);
    assertThat(renderer.render(policy, pool, Optional.of(budget)).budget().exceeded()).isFalse();
    BudgetStatus status = new BudgetStatus();
    status.setEnforcementLevel("downgrade");
    budget.setStatus(status);
    var rendered = renderer.render(policy, pool, Optional.of(budget)).budget();
    assertThat(rendered.exceeded()).isTrue();
    assertThat(rendered.enforcement().wireName()).isEqualTo("downgrade");
  }

  private static void assertGolden(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (Boolean.getBoolean("switchboard.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
    }
    assertThat(actual)
        .as("golden %s (regenerate with -Dswitchboard.updateGolden=true)", file)
        .isEqualTo(Files.readString(file));
  }
}
