package io.switchboard.operator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Operator settings; the Helm chart sets them through environment variables. */
@ConfigMapping(prefix = "switchboard.operator")
public interface OperatorConfig {

  /** Start the controllers at boot. Off only for tests that drive reconcilers directly. */
  @WithDefault("true")
  boolean enabled();

  /** Namespaces to watch; all namespaces when empty. */
  Optional<List<String>> watchNamespaces();

  /** Concurrent reconciliations per controller. */
  @WithDefault("10")
  int reconcileThreads();

  /**
   * Write owned objects and status with server-side apply (JOSDK's default for dependents). The
   * Fabric8 mock API server used by the tests and the local run answers apply patches with 415, so
   * they turn this off and JOSDK creates, updates and patches instead.
   */
  @WithDefault("true")
  boolean serverSideApply();

  /**
   * How often a RoutingPolicy's live routing summary is refreshed from its routers' metrics; 0
   * turns the summary off (and the periodic reconcile with it).
   */
  @WithDefault("30s")
  Duration routingSummaryInterval();

  LeaderElection leaderElection();

  Router router();

  NetworkPolicies networkPolicies();

  /**
   * File holding the key from which each policy's bearer token for the routers' control endpoints
   * is derived (HMAC-SHA256 of namespace/name); the Helm chart mounts the install's own Secret
   * here. Absent: the key is {@link #routerControlKeySecret()}.
   */
  Optional<String> routerControlKeyFile();

  /**
   * Without a key file: the Secret in the operator's namespace holding the generated control key,
   * created on first use when missing (delete it to rotate).
   */
  @WithDefault("switchboard-router-control-key")
  String routerControlKeySecret();

  /**
   * Without a key file, whether to generate {@link #routerControlKeySecret()}; false leaves the
   * routers' control endpoints unauthenticated (and keeps no router state).
   */
  @WithDefault("true")
  boolean generateRouterControlKey();

  /** The operator's own namespace; default: the client's (the service account's in a pod). */
  Optional<String> namespace();

  interface LeaderElection {
    @WithDefault("false")
    boolean enabled();

    @WithDefault("switchboard-operator-leader")
    String leaseName();

    /** Namespace of the Lease; the operator's own namespace when empty. */
    Optional<String> leaseNamespace();

    @WithDefault("15s")
    Duration leaseDuration();
  }

  interface Router {
    /** Image of the router sidecar and gateway. */
    @WithDefault("ghcr.io/switchboard/router:0.1.0")
    String image();

    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /** Port the router serves the OpenAI API on. */
    @WithDefault("8080")
    int port();

    /**
     * Port of an injected sidecar router. A high port, so it does not clash with the 8080 many
     * applications already listen on inside the same pod.
     */
    @WithDefault("15080")
    int sidecarPort();

    /**
     * Management port of a gateway router: health and Prometheus metrics, which answer without
     * credentials. Not exposed by the gateway Service; the kubelet probes it and the operator reads
     * it by pod address.
     */
    @WithDefault("9000")
    int managementPort();

    /**
     * Management port of an injected sidecar router. High, beside {@link #sidecarPort()}, so it
     * does not clash with the application's ports in the shared pod (as Istio's 15090).
     */
    @WithDefault("15090")
    int sidecarManagementPort();

    /**
     * Inject the router as a native sidecar (an init container with restartPolicy Always,
     * Kubernetes 1.29+): it starts before and stops after the application containers. Off: a
     * regular container.
     */
    @WithDefault("true")
    boolean nativeSidecar();

    /**
     * How long a router replica goes unseen before the operator takes it as departed (pod deleted
     * or rescheduled, scaled down) and hands its durable state to a live replica. Longer than a
     * container restart or a readiness blip: a replica that comes back after its state was handed
     * on would count it twice.
     */
    @WithDefault("2m")
    Duration stateHandoffAfter();
  }

  /**
   * NetworkPolicies the operator renders: per ExpertPool one admitting only its policies' routers
   * and the operator, per gateway one leaving only the OpenAI port open to all. Off for clusters
   * whose CNI does not enforce NetworkPolicies (they would be ignored there anyway).
   */
  interface NetworkPolicies {
    @WithDefault("true")
    boolean enabled();

    /**
     * Namespace of the operator's pods, admitted to experts and routers; the Helm chart sets it.
     */
    @WithDefault("switchboard-system")
    String operatorNamespace();

    /**
     * Labels of the operator's pods as {@code key=value,key=value} (the chart's selector labels).
     */
    @WithDefault("app.kubernetes.io/name=switchboard,app.kubernetes.io/component=operator")
    String operatorPodLabels();
  }
}
