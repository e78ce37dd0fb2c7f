package io.switchboard.operator.routingpolicy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.switchboard.api.v1alpha1.expertpool.Expert;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import io.switchboard.api.v1alpha1.expertpool.ExpertRuntime;
import io.switchboard.api.v1alpha1.routingpolicy.FederatedParams;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingMode;
import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicy;
import io.switchboard.operator.support.KubeNames;
import io.switchboard.operator.support.NetworkPolicies;
import io.switchboard.templates.RestrictedContainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Kubernetes objects that run a policy's router: the config ConfigMap, the router container
 * with its volumes (shared by the gateway Deployment and the injected sidecar), and the gateway.
 *
 * <p>The ConfigMap is mounted as a directory, never with subPath, so the kubelet's atomic symlink
 * swap reaches the running router, which hot-reloads it: config changes need no rollout. Only an
 * image change rolls the gateway.
 */
public final class RouterWorkloads {

  public static final String CONFIG_KEY = "router.json";
  public static final String CONFIG_DIR = "/etc/switchboard/router";
  public static final String CONFIG_HASH = "switchboard.io/config-hash";
  public static final String POLICY_LABEL = "switchboard.io/policy";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String CONTAINER_NAME = "switchboard-router";
  static final String CONFIG_VOLUME = "switchboard-router-config";
  static final String STATE_VOLUME = "switchboard-router-state";
  static final String ENCODER_CACHE_DIR = RouterConfigRenderer.STATE_DIR + "/encoders";

  /**
   * Name of the management container port (health, metrics) on every router container; port names
   * are unique per pod, so it must not clash with an application's in a sidecar's pod.
   */
  public static final String MANAGEMENT_PORT_NAME = "router-mgmt";

  private final String defaultImage;
  private final String pullPolicy;
  private final int port;
  private final int managementPort;

  public RouterWorkloads(String defaultImage, String pullPolicy, RouterPorts ports) {
    this.defaultImage = defaultImage;
    this.pullPolicy = pullPolicy;
    this.port = ports.api();
    this.managementPort = ports.management();
  }

  public ConfigMap configMap(RoutingPolicy policy, String configJson, String hash) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(KubeNames.routerConfigMap(policy.getMetadata().getName()))
        .withLabels(withPolicy(Map.of(), policy))
        .withAnnotations(Map.of(CONFIG_HASH, hash))
        .endMetadata()
        .withData(Map.of(CONFIG_KEY, configJson))
        .build();
  }

  public String image(RoutingPolicy policy) {
    var router = policy.getSpec().router();
    return router != null && router.image() != null ? router.image() : defaultImage;
  }

  public Container container(RoutingPolicy policy, List<Expert> experts) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName(CONFIG_VOLUME)
            .withMountPath(CONFIG_DIR)
            .withReadOnly(true)
            .build());
    mounts.add(
        new VolumeMountBuilder()
            .withName(STATE_VOLUME)
            .withMountPath(RouterConfigRenderer.STATE_DIR)
            .build());
    for (String secret : secretNames(policy, experts)) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(secretVolume(secret))
              .withMountPath(RouterConfigRenderer.SECRET_MOUNT_ROOT + "/" + secret)
              .withReadOnly(true)
              .build());
    }
    if (policy.getSpec().classifier() != null) {
      mounts.add(
          new VolumeMountBuilder()
              .withName("switchboard-classifier")
              .withMountPath(RouterConfigRenderer.CLASSIFIER_MOUNT)
              .withReadOnly(true)
              .build());
    }
    return new ContainerBuilder()
        .withName(CONTAINER_NAME)
        .withImage(image(policy))
        .withImagePullPolicy(pullPolicy)
        .addNewPort()
        .withName("http-router")
        .withContainerPort(port)
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName(MANAGEMENT_PORT_NAME)
        .withContainerPort(managementPort)
        .withProtocol("TCP")
        .endPort()
        .addNewEnv()
        .withName("SWITCHBOARD_ROUTER_CONFIG_FILE")
        .withValue(CONFIG_DIR + "/" + CONFIG_KEY)
        .endEnv()
        .addNewEnv()
        .withName("QUARKUS_HTTP_PORT")
        .withValue(String.valueOf(port))
        .endEnv()
        .addNewEnv()
        .withName("QUARKUS_MANAGEMENT_PORT")
        .withValue(String.valueOf(managementPort))
        .endEnv()
        // The static encoder's distilled table (12 MB) on the state volume: a restarted container
        // reads it back
        // instead of spending seconds of CPU distilling it again.
        .addNewEnv()
        .withName("SWITCHBOARD_ROUTER_ENCODER_CACHE_DIR")
        .withValue(ENCODER_CACHE_DIR)
        .endEnv()
        // The operator keeps this router's durable state (RouterStateKeeper): a federated router
        // shares nothing until the operator handed its privacy ledger back. The state volume keeps
        // the replica's identity across container restarts.
        .addNewEnv()
        .withName("SWITCHBOARD_ROUTER_AWAIT_DURABLE_STATE")
        .withValue("true")
        .endEnv()
        .addNewEnv()
        .withName("SWITCHBOARD_ROUTER_STATE_DIR")
        .withValue(RouterConfigRenderer.STATE_DIR)
        .endEnv()
        .withVolumeMounts(mounts)
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/q/health/ready")
        .withPort(new IntOrString(MANAGEMENT_PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(5)
        .withFailureThreshold(3)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/q/health/live")
        .withPort(new IntOrString(MANAGEMENT_PORT_NAME))
        .endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(6)
        .endLivenessProbe()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("256Mi")))
        .withLimits(Map.of("memory", new Quantity("512Mi")))
        .endResources()
        .withSecurityContext(RestrictedContainer.securityContext())
        .build();
  }

  public List<Volume> volumes(RoutingPolicy policy, List<Expert> experts) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(KubeNames.routerConfigMap(policy.getMetadata().getName()))
            .endConfigMap()
            .build());
    volumes.add(
        new VolumeBuilder()
            .withName(STATE_VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("64Mi"))
            .endEmptyDir()
            .build());
    TreeSet<String> required = requiredSecretNames(policy, experts);
    for (String secret : secretNames(policy, experts)) {
      volumes.add(
          new VolumeBuilder()
              .withName(secretVolume(secret))
              .withNewSecret()
              .withSecretName(secret)
              .withDefaultMode(0440)
              // A tenant's missing Secret must not keep the pod (an application's, for a sidecar)
              // from starting: the router gives that tenant no key (401) until the kubelet mounts
              // the Secret once it exists.
              .withOptional(required.contains(secret) ? null : Boolean.TRUE)
              .endSecret()
              .build());
    }
    if (policy.getSpec().classifier() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("switchboard-classifier")
              .withNewConfigMap()
              .withName(policy.getSpec().classifier().modelRef().configMap())
              .endConfigMap()
              .build());
    }
    return volumes;
  }

  /** The gateway pods' NetworkPolicy: the OpenAI port open, the rest for the operator only. */
  public NetworkPolicy gatewayNetworkPolicy(RoutingPolicy policy, NetworkPolicies policies) {
    String name = KubeNames.gateway(policy.getMetadata().getName());
    return policies.gateway(name, withPolicy(Map.of(), policy), gatewaySelector(name), port);
  }

  private static Map<String, String> gatewaySelector(String gatewayName) {
    return Map.of(
        "app.kubernetes.io/name", "switchboard-router", "app.kubernetes.io/instance", gatewayName);
  }

  public Deployment gateway(RoutingPolicy policy, List<Expert> experts) {
    String name = KubeNames.gateway(policy.getMetadata().getName());
    Map<String, String> selector = gatewaySelector(name);
    var router = policy.getSpec().router();
    int replicas = router != null && router.replicas() != null ? router.replicas() : 2;
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(withPolicy(selector, policy))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(withPolicy(selector, policy))
        .withAnnotations(
            Map.of(
                "prometheus.io/scrape",
                "true",
                "prometheus.io/port",
                String.valueOf(managementPort),
                "prometheus.io/path",
                "/q/metrics"))
        .endMetadata()
        .withNewSpec()
        .withContainers(container(policy, experts))
        .withVolumes(volumes(policy, experts))
        .withTerminationGracePeriodSeconds(30L)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * A headless Service over the gateway pods' management port only: the operator reads each
   * replica's metrics through its Endpoints (and a ServiceMonitor may select it), while the gateway
   * Service, which clients reach, never exposes that port.
   */
  public Service managementService(RoutingPolicy policy) {
    String name = KubeNames.gatewayManagement(policy.getMetadata().getName());
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(withPolicy(Map.of(), policy))
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withSelector(gatewaySelector(KubeNames.gateway(policy.getMetadata().getName())))
        .addNewPort()
        .withName(MANAGEMENT_PORT_NAME)
        .withPort(managementPort)
        .withTargetPort(new IntOrString(MANAGEMENT_PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  public Service gatewayService(RoutingPolicy policy) {
    String name = KubeNames.gateway(policy.getMetadata().getName());
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(withPolicy(Map.of(), policy))
        .endMetadata()
        .withNewSpec()
        .withSelector(gatewaySelector(name))
        .addNewPort()
        .withName("http")
        .withPort(80)
        .withTargetPort(new IntOrString(port))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * Secrets the router reads as files: API keys of the policy's external experts, the keys its
   * federation peers issued to this cluster and its tenants' keys. Sorted so the output is stable.
   * Only their names are used: the kubelet mounts them, so the operator needs no permission to read
   * Secrets.
   */
  static TreeSet<String> secretNames(RoutingPolicy policy, List<Expert> experts) {
    TreeSet<String> names = requiredSecretNames(policy, experts);
    var auth = policy.getSpec().auth();
    if (auth != null && auth.tenants() != null) {
      auth.tenants().forEach(t -> names.add(t.secretRef().name()));
    }
    return names;
  }

  /**
   * The Secrets the router cannot work without (expert and federation keys): mounted as required,
   * so a missing one shows as a pod that does not start rather than as failing calls.
   */
  private static TreeSet<String> requiredSecretNames(RoutingPolicy policy, List<Expert> experts) {
    TreeSet<String> names = new TreeSet<>();
    for (Expert e : experts) {
      if (e.runtime() == ExpertRuntime.EXTERNAL && e.endpoint().secretRef() != null) {
        names.add(e.endpoint().secretRef().name());
      }
    }
    var spec = policy.getSpec();
    if (spec.mode() == RoutingMode.FEDERATED && spec.federated() != null) {
      for (FederatedParams.Peer peer : spec.federated().peers()) {
        if (peer.secretRef() != null) {
          names.add(peer.secretRef().name());
        }
      }
    }
    return names;
  }

  private static String secretVolume(String secret) {
    return "sbsecret-" + KubeNames.sha256("secret/" + secret).substring(0, 12);
  }

  private static Map<String, String> withPolicy(Map<String, String> labels, RoutingPolicy policy) {
    var copy = new java.util.HashMap<>(labels);
    copy.put(POLICY_LABEL, policy.getMetadata().getName());
    copy.put(MANAGED_BY, "switchboard-operator");
    return copy;
  }

  /** Experts of the pool the policy may route to. */
  public static List<Expert> expertsOf(RoutingPolicy policy, ExpertPool pool) {
    var allowed = policy.getSpec().experts();
    return pool.getSpec().experts().stream()
        .filter(e -> allowed == null || allowed.isEmpty() || allowed.contains(e.name()))
        .toList();
  }
}
