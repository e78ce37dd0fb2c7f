package io.switchboard.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.CrdInstaller;
import io.switchboard.operator.PolicyFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook's caches stay inside the watched namespaces (a namespaced install's Roles). */
@EnableKubernetesMockClient(crud = true)
class WatchedInformersTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void policiesInTwoNamespaces() throws InterruptedException {
    CrdInstaller.install(client);
    for (String ns : List.of("team-a", "team-b")) {
      RoutingPolicy policy = PolicyFiles.read("routing/bandit.yaml", RoutingPolicy.class);
      policy.getMetadata().setNamespace(ns);
      client.resource(policy).create();
    }
    drain();
  }

  @Test
  void watchedNamespacesListAndWatchOnlyThoseNamespaces() throws InterruptedException {
    try (var informers =
        WatchedInformers.start(client, RoutingPolicy.class, Optional.of(List.of("team-a")))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> informers.in("team-a").size() == 1);
      assertThat(informers.in("team-b")).as("not watched: not cached").isEmpty();
      List<String> paths = drain();
      assertThat(paths).isNotEmpty();
      assertThat(paths).allSatisfy(p -> assertThat(p).contains("/namespaces/team-a/"));
    }
  }

  @Test
  void withoutWatchedNamespacesOneInformerCoversAll() throws InterruptedException {
    try (var informers = WatchedInformers.start(client, RoutingPolicy.class, Optional.empty())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> informers.in("team-b").size() == 1);
      assertThat(informers.in("team-a")).hasSize(1);
      assertThat(drain()).allSatisfy(p -> assertThat(p).doesNotContain("/namespaces/"));
    }
  }

  /** The paths of the requests the server received since the last drain. */
  private List<String> drain() throws InterruptedException {
    List<String> paths = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      paths.add(request.getPath());
    }
    return paths;
  }
}
