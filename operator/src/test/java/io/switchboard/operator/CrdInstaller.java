package io.switchboard.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.switchboard.api.validation.RepoPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * Installs the checked-in CRDs into the mock API server, as {@code kubectl apply -f crds/manifests}
 * does in a cluster. The mock server needs them to treat status as a subresource and to bump
 * metadata.generation only on spec changes, which generation-aware reconciling relies on.
 */
public final class CrdInstaller {

  private CrdInstaller() {}

  public static void install(KubernetesClient client) {
    for (String plural : new String[] {"expertpools", "routingpolicies", "budgets"}) {
      try (InputStream in = Files.newInputStream(RepoPaths.crd(plural))) {
        CustomResourceDefinition crd =
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd)
            .createOr(NonDeletingOperation::update);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read CRD " + plural, e);
      }
    }
  }
}
