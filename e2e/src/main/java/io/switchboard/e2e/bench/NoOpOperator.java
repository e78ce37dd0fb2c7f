package io.switchboard.e2e.bench;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The operator benchmark's baseline: a JOSDK controller that does nothing for a RoutingPolicy but
 * write one ConfigMap (the spec's JSON and the hash of it and of the pool's resourceVersion,
 * labelled and annotated like the operator's router ConfigMap) with the same reconcile threads,
 * against the same mock API server. Like the operator it watches the ExpertPools, so a pool edit
 * re-writes every policy's ConfigMap. What is left of the operator's time above it is its own work.
 *
 * <p>Run by {@link OperatorScaleBench} in a JVM of its own: {@code NoOpOperator <api-url>
 * <namespace> <threads>}.
 */
public final class NoOpOperator {

  private NoOpOperator() {}

  @ControllerConfiguration(name = "noop-routingpolicy")
  static final class WriteOneConfigMap implements Reconciler<RoutingPolicy> {

    @Override
    public List<EventSource<?, RoutingPolicy>> prepareEventSources(
        EventSourceContext<RoutingPolicy> context) {
      var pools =
          InformerEventSourceConfiguration.from(ExpertPool.class, RoutingPolicy.class)
              .withSecondaryToPrimaryMapper(
                  (ExpertPool pool) ->
                      context
                          .getPrimaryCache()
                          .list(pool.getMetadata().getNamespace())
                          .filter(
                              p ->
                                  p.getSpec().poolRef().name().equals(pool.getMetadata().getName()))
                          .map(ResourceID::fromResource)
                          .collect(Collectors.toSet()))
              .withPrimaryToSecondaryMapper(
                  (RoutingPolicy p) ->
                      Set.of(
                          new ResourceID(
                              p.getSpec().poolRef().name(), p.getMetadata().getNamespace())))
              .build();
      return List.of(new InformerEventSource<>(pools, context));
    }

    @Override
    public UpdateControl<RoutingPolicy> reconcile(
        RoutingPolicy policy, Context<RoutingPolicy> context) throws Exception {
      String json = context.getClient().getKubernetesSerialization().asJson(policy.getSpec());
      String poolVersion =
          context
              .getSecondaryResource(ExpertPool.class)
              .map(pool -> pool.getMetadata().getResourceVersion())
              .orElse("");
      String hash =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest((json + poolVersion).getBytes(StandardCharsets.UTF_8)));
      String name = policy.getMetadata().getName();
      ConfigMap configMap =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(name + "-router-config")
              .withNamespace(policy.getMetadata().getNamespace())
              .withLabels(Map.of("switchboard.io/policy", name))
              .withAnnotations(Map.of("switchboard.io/config-hash", hash))
              .withOwnerReferences(
                  new OwnerReferenceBuilder()
                      .withApiVersion(policy.getApiVersion())
                      .withKind(policy.getKind())
                      .withName(name)
                      .withUid(policy.getMetadata().getUid())
                      .withController(true)
                      .build())
              .endMetadata()
              .withData(Map.of("config.json", json))
              .build();
      context.getClient().resource(configMap).createOr(NonDeletingOperation::update);
      return UpdateControl.noUpdate();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    String url = args[0];
    String namespace = args[1];
    int threads = Integer.parseInt(args[2]);
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(url)
                    .withTrustCerts(true)
                    .withNamespace(namespace)
                    .build())
            .build();
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withConcurrentReconciliationThreads(threads)
                    .withUseSSAToPatchPrimaryResource(false));
    operator.register(
        new WriteOneConfigMap(), overrider -> overrider.settingNamespaces(Set.of(namespace)));
    operator.start();
    System.out.println("noop operator started");
    new CountDownLatch(1).await(); // until the benchmark destroys this process
  }
}
