package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.HashMap;

/**
 * The Fabric8 mock API server — not a real cluster — in CRUD mode, in this JVM, on 127.0.0.1 over
 * plain HTTP. It stores objects and serves watches; it runs no admission (no CEL, no schema
 * checks), no controllers (no ReplicaSets, no pods, no garbage collector) and no kubelet. The
 * Switchboard CRDs are installed first: without them it neither treats {@code status} as a
 * subresource nor bumps {@code metadata.generation} only on spec changes, which the operator's
 * generation-aware reconciling relies on.
 */
public final class MockApiServer implements AutoCloseable {

  public static final String LABEL = "Fabric8 mock API server — not a real cluster";

  /**
   * Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its level.
   */
  private static final java.util.logging.Logger REQUEST_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockApiServer(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  public static MockApiServer start(RepoLayout repo) {
    REQUEST_LOG.setLevel(java.util.logging.Level.WARNING); // one INFO line per request otherwise
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    try {
      server.init(InetAddress.getLoopbackAddress(), 0);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot start the " + LABEL, e);
    }
    MockApiServer api = new MockApiServer(server, server.createClient());
    api.installCrds(repo);
    return api;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  private void installCrds(RepoLayout repo) {
    for (String plural : new String[] {"expertpools", "routingpolicies", "budgets"}) {
      try (InputStream in = Files.newInputStream(repo.crd(plural))) {
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd)
            .createOr(NonDeletingOperation::update);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read CRD " + repo.crd(plural), e);
      }
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
