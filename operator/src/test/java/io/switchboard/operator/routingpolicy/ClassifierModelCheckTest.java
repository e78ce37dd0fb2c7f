package io.switchboard.operator.routingpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.ClassifierParams;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicySpec;
import io.switchboard.operator.PolicyFiles;
import io.switchboard.operator.SpecEdits;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A classifier model's ids against the policy's experts (policies/routing/classifier.yaml on the
 * hybrid pool: experts mixtral = mistralai/Mixtral-8x7B-Instruct-v0.1 and gpt-4o = gpt-4o).
 */
class ClassifierModelCheckTest {
  private static final ExpertPool POOL =
      PolicyFiles.read("pools/hybrid-pool.yaml", ExpertPool.class);

  private static RoutingPolicy policy(List<ClassifierParams.ModelMapping> mappings) {
    RoutingPolicy policy = PolicyFiles.read("routing/classifier.yaml", RoutingPolicy.class);
    RoutingPolicySpec s = policy.getSpec();
    ClassifierParams c = s.classifier();
    policy.setSpec(
        SpecEdits.with(
            s,
            "classifier",
            new ClassifierParams(c.modelRef(), c.threshold(), c.targetQuality(), mappings)));
    return policy;
  }

  private static java.util.Optional<String> check(RoutingPolicy policy, List<String> ids) {
    return ClassifierModelCheck.unmappedIds(policy, POOL, ids, "spec.classifier.modelRef", "m");
  }

  @Test
  void datasetIdsThatNameNoExpertAreRefusedWithTheIds() {
    assertThat(check(policy(null), List.of("gpt-4-1106-preview", "mixtral-8x7b-instruct-v0.1")))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("knows model ids [gpt-4-1106-preview, mixtral-8x7b-instruct-v0.1]")
                    .contains("[mixtral, gpt-4o]")
                    .contains("spec.classifier.expertModels"));
  }

  @Test
  void idsMapByExpertNameByExpertModelOrExplicitly() {
    assertThat(check(policy(null), List.of("gpt-4o", "mixtral"))).isEmpty();
    assertThat(check(policy(null), List.of("mistralai/Mixtral-8x7B-Instruct-v0.1"))).isEmpty();
    assertThat(
            check(
                policy(List.of(new ClassifierParams.ModelMapping("gpt-4-1106-preview", "gpt-4o"))),
                List.of("gpt-4-1106-preview", "mixtral-8x7b-instruct-v0.1")))
        .isEmpty();
    // A mapping to an expert outside the policy's experts does not count.
    assertThat(
            check(
                policy(
                    List.of(new ClassifierParams.ModelMapping("gpt-4-1106-preview", "llama-8b"))),
                List.of("gpt-4-1106-preview")))
        .isPresent();
  }

  @Test
  void twoIdsOnOneExpertAreRefused() {
    assertThat(
            check(
                policy(List.of(new ClassifierParams.ModelMapping("gpt-4-1106-preview", "gpt-4o"))),
                List.of("gpt-4-1106-preview", "gpt-4o")))
        .hasValueSatisfying(m -> assertThat(m).contains("both map to expert 'gpt-4o'"));
  }
}
