package io.switchboard.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatus;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockApiServerRecordingTest {

  @TempDir Path dir;

  @Test
  void recordsTheOperatorsRequestsOnceEachAndNotTheHarnesss() throws Exception {
    Path file = dir.resolve("requests.jsonl");
    try (MockApiServer api = MockApiServer.start(RepoLayout.locate(), file);
        KubernetesClient operator = operatorClient(api)) {
      api.client().configMaps().inNamespace("a").resource(configMap("harness")).create();

      operator.configMaps().inNamespace("a").resource(configMap("mine")).create();
      operator.configMaps().inNamespace("a").withName("mine").get();
      operator.configMaps().inNamespace("a").withName("mine").get();
      operator.apps().deployments().inAnyNamespace().list();
      operator.configMaps().inNamespace("a").withName("mine").delete();
      try (Watch watch = operator.pods().inNamespace("b").watch(new Ignore())) {
        // opened: the watch request was made
      }

      assertThat(api.operatorRequests())
          .containsExactlyInAnyOrder(
              ApiRequest.resource("create", "", "configmaps", "", "a", ""),
              ApiRequest.resource("get", "", "configmaps", "", "a", "mine"),
              ApiRequest.resource("delete", "", "configmaps", "", "a", "mine"),
              ApiRequest.resource("list", "apps", "deployments", "", "", ""),
              ApiRequest.resource("watch", "", "pods", "", "b", ""));
    }
    assertThat(Files.readAllLines(file)).hasSize(5).allMatch(l -> l.startsWith("{\"verb\":"));
  }

  @Test
  void answersSelfSubjectRulesReviewsWithTheGivenRules() throws Exception {
    try (MockApiServer api = MockApiServer.start(RepoLayout.locate(), dir.resolve("r.jsonl"));
        KubernetesClient operator = operatorClient(api)) {
      ResourceRule leases =
          new ResourceRule(
              List.of("coordination.k8s.io"), List.of(), List.of("leases"), List.of("get"));
      api.answerSelfSubjectRulesReviews(
          namespace ->
              new SubjectRulesReviewStatus(
                  null, false, List.of(), namespace.equals("sys") ? List.of(leases) : List.of()));

      SelfSubjectRulesReview review =
          operator
              .resource(
                  new SelfSubjectRulesReviewBuilder()
                      .withNewSpec()
                      .withNamespace("sys")
                      .endSpec()
                      .build())
              .create();

      assertThat(review.getStatus().getResourceRules()).containsExactly(leases);
    }
  }

  private static KubernetesClient operatorClient(MockApiServer api) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(api.url())
                .withOauthToken(MockApiServer.OPERATOR_TOKEN)
                .build())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData("k", "v")
        .build();
  }

  private static final class Ignore implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod resource) {}

    @Override
    public void onClose(WatcherException cause) {}
  }
}
