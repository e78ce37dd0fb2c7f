package io.switchboard.e2e.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The real operator (its quarkus-app jar) as a local process watching the mock API server. */
public final class OperatorProcess implements AutoCloseable {

  private final ChildProcess process;
  private final int port;

  private OperatorProcess(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static OperatorProcess start(
      RepoLayout repo, MockApiServer api, String namespace, Path runDir, List<String> jvmOptions)
      throws IOException {
    return start(repo, api, namespace, runDir, jvmOptions, Map.of());
  }

  /**
   * @param extraEnv more settings, e.g. {@code SWITCHBOARD_OPERATOR_ROUTER_CONTROL_KEY_FILE}
   */
  public static OperatorProcess start(
      RepoLayout repo,
      MockApiServer api,
      String namespace,
      Path runDir,
      List<String> jvmOptions,
      Map<String, String> extraEnv)
      throws IOException {
    int port = new LoopbackPorts().next();
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.putAll(
        Map.of(
            "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL",
            api.url(),
            "QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS",
            "true",
            // Its ServiceAccount token, as it were: the mock API server records what it asks for.
            "QUARKUS_KUBERNETES_CLIENT_TOKEN",
            MockApiServer.OPERATOR_TOKEN,
            "QUARKUS_KUBERNETES_CLIENT_NAMESPACE",
            namespace,
            "QUARKUS_HTTP_HOST",
            "127.0.0.1",
            "QUARKUS_HTTP_PORT",
            String.valueOf(port),
            // The mock server mishandles JSON/SSA patches of status arrays; plain status updates
            // work.
            "SWITCHBOARD_OPERATOR_SERVER_SIDE_APPLY",
            "false",
            // A local run lasts minutes: read the routers (live summary, budget spend) every 2 s
            // rather than 30 s.
            "SWITCHBOARD_OPERATOR_ROUTING_SUMMARY_INTERVAL",
            "2s"));
    ChildProcess child =
        ChildProcess.startJar(
            "operator",
            repo.operatorJar(),
            jvmOptions,
            env,
            runDir.resolve("operator"),
            runDir.resolve("logs/operator.log"));
    OperatorProcess operator = new OperatorProcess(child, port);
    if (!new HealthProbe()
        .awaitHealthy(port, "/q/health/ready", Duration.ofSeconds(90), child::isAlive)) {
      operator.close();
      throw new IllegalStateException("operator did not become ready; see " + child.log());
    }
    return operator;
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  public Path log() {
    return process.log();
  }

  @Override
  public void close() {
    process.close();
  }
}
