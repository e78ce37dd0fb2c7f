package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;

/**
 * What an expert becomes in the cluster: pods behind a Service, or only a description of a hosted
 * endpoint.
 */
public sealed interface RenderedExpert {

  String name();

  /** Base URL of the expert's OpenAI-compatible API (ends in {@code /v1}). */
  String baseUrl();

  /** Kubernetes objects to apply (none for external experts). */
  List<HasMetadata> objects();

  /** A self-hosted expert: one Deployment, the Service in front of it and a PodDisruptionBudget. */
  record SelfHosted(
      String name,
      String baseUrl,
      Deployment deployment,
      Service service,
      PodDisruptionBudget disruptionBudget)
      implements RenderedExpert {
    @Override
    public List<HasMetadata> objects() {
      return List.of(deployment, service, disruptionBudget);
    }
  }

  /**
   * A hosted API: no pod; the router calls {@code baseUrl} with the API key read from the Secret
   * ({@code apiKey} is {@code null} for an API without authentication).
   */
  record External(String name, String baseUrl, String model, SecretKeySelector apiKey)
      implements RenderedExpert {
    @Override
    public List<HasMetadata> objects() {
      return List.of();
    }
  }
}
