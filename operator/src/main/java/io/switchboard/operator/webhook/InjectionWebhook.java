package io.switchboard.operator.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.OperatorConfig;
import io.switchboard.operator.routingpolicy.RouterPorts;
import io.switchboard.operator.routingpolicy.RouterWorkloads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Mutating admission webhook that injects the router sidecar into new pods ({@code
 * MutatingWebhookConfiguration} in the Helm chart: pods CREATE, TLS on 8443).
 *
 * <p>Policies and pools come from informer caches, so admission never waits on the API server. The
 * webhook always allows the pod: a problem (no pool, several matching policies) is returned as an
 * admission warning that kubectl prints, never as a refusal that would block deployments.
 */
@Path("/webhooks/inject-router")
@ApplicationScoped
public class InjectionWebhook {

  private static final Logger LOG = Logger.getLogger(InjectionWebhook.class);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final SidecarInjector injector;
  private final ObjectMapper json = new ObjectMapper();
  private volatile WatchedInformers<RoutingPolicy> policies;
  private volatile WatchedInformers<ExpertPool> pools;

  public InjectionWebhook(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.config = config;
    var router = config.router();
    this.injector =
        new SidecarInjector(
            new RouterWorkloads(
                router.image(),
                router.imagePullPolicy(),
                new RouterPorts(router.sidecarPort(), router.sidecarManagementPort())),
            router.sidecarPort(),
            router.nativeSidecar());
  }

  void onStart(@Observes StartupEvent event) {
    if (!config.enabled()) {
      return;
    }
    policies = WatchedInformers.start(client, RoutingPolicy.class, config.watchNamespaces());
    pools = WatchedInformers.start(client, ExpertPool.class, config.watchNamespaces());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (policies != null) {
      policies.close();
      pools.close();
    }
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public AdmissionReview review(AdmissionReview review) {
    var request = review.getRequest();
    AdmissionResponseBuilder response =
        new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
    try {
      Pod pod = json.convertValue(request.getObject(), Pod.class);
      String namespace =
          request.getNamespace() != null
              ? request.getNamespace()
              : pod.getMetadata().getNamespace();
      SidecarInjector.Injection injection =
          injector.inject(pod, cached(policies, namespace), cached(pools, namespace));
      injection
          .patch()
          .ifPresent(
              patch ->
                  response
                      .withPatchType("JSONPatch")
                      .withPatch(
                          Base64.getEncoder()
                              .encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8))));
      if (!injection.warnings().isEmpty()) {
        response.withWarnings(injection.warnings());
      }
    } catch (RuntimeException e) {
      // Never block pod creation on our own failure; the pod simply runs without the router.
      LOG.warnf(e, "sidecar injection failed for %s/%s", request.getNamespace(), request.getName());
      response.withWarnings(List.of("switchboard sidecar not injected: " + e.getMessage()));
    }
    AdmissionResponse built = response.build();
    return new AdmissionReviewBuilder()
        .withApiVersion("admission.k8s.io/v1")
        .withKind("AdmissionReview")
        .withResponse(built)
        .build();
  }

  private static <T extends HasMetadata> List<T> cached(
      WatchedInformers<T> informers, String namespace) {
    return informers == null ? List.of() : informers.in(namespace);
  }
}
