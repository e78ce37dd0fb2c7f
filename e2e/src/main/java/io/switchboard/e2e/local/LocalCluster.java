package io.switchboard.e2e.local;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine: the {@value MockApiServer#LABEL} in this JVM with the CRDs
 * installed, the real operator as a local process against it, and the {@link LocalKubelet} running
 * the routers and simulated experts the operator asks for.
 */
public final class LocalCluster implements AutoCloseable {

  public static final String NAMESPACE = "default";

  private final MockApiServer api;
  private final OperatorProcess operator;
  private final LocalKubelet kubelet;

  private LocalCluster(MockApiServer api, OperatorProcess operator, LocalKubelet kubelet) {
    this.api = api;
    this.operator = operator;
    this.kubelet = kubelet;
  }

  /**
   * @param dataDir recorded data handed to the simulated experts as SWITCHBOARD_DATA_DIR
   */
  public static LocalCluster start(RepoLayout repo, Path runDir, Path dataDir) throws IOException {
    return start(repo, runDir, dataDir, Map.of());
  }

  /**
   * @param operatorEnv more operator settings, e.g. a router control key file
   */
  public static LocalCluster start(
      RepoLayout repo, Path runDir, Path dataDir, Map<String, String> operatorEnv)
      throws IOException {
    // Logs and pod directories of an earlier run would mix with this one's.
    deleteTree(runDir.resolve("logs"));
    deleteTree(runDir.resolve("pods"));
    Files.createDirectories(runDir.resolve("logs"));
    MockApiServer api = MockApiServer.start(repo);
    System.out.println("Started the " + MockApiServer.LABEL + " at " + api.url());
    OperatorProcess operator = null;
    LocalKubelet kubelet = null;
    try {
      operator =
          OperatorProcess.start(
              repo,
              api,
              NAMESPACE,
              runDir,
              List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
              operatorEnv);
      System.out.println(
          "Operator ready (health on 127.0.0.1:"
              + operator.port()
              + ", log "
              + operator.log()
              + ")");
      // Every local router shares one static-encoder table cache (each pod has its own state volume
      // in a cluster):
      // only the first router of a checkout spends the seconds of CPU distilling it, on a 2-core
      // machine that
      // otherwise does it once per router process.
      kubelet =
          new LocalKubelet(
              api.client(),
              NAMESPACE,
              new AppCatalog(repo),
              runDir,
              Map.of(
                  "SWITCHBOARD_DATA_DIR",
                  dataDir.toAbsolutePath().toString(),
                  "SWITCHBOARD_ROUTER_ENCODER_CACHE_DIR",
                  repo.root().resolve("target/encoder-cache").toString()));
      kubelet.start();
      return new LocalCluster(api, operator, kubelet);
    } catch (IOException | RuntimeException e) {
      if (kubelet != null) {
        kubelet.close();
      }
      if (operator != null) {
        operator.close();
      }
      api.close();
      throw e;
    }
  }

  public KubernetesClient client() {
    return api.client();
  }

  public LocalKubelet kubelet() {
    return kubelet;
  }

  public MockApiServer api() {
    return api;
  }

  /**
   * Creates or updates every object of every {@code *.yaml} file in {@code folder}, as kubectl
   * apply -f does.
   */
  public List<HasMetadata> apply(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> yamls = Files.newDirectoryStream(folder, "*.yaml")) {
      yamls.forEach(files::add);
    }
    files.sort(null);
    List<HasMetadata> applied = new ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata object : client().load(in).items()) {
          if (object.getMetadata().getNamespace() == null) {
            object.getMetadata().setNamespace(NAMESPACE);
          }
          applied.add(
              client()
                  .resource(object)
                  .inNamespace(object.getMetadata().getNamespace())
                  .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update));
        }
      }
    }
    return applied;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    kubelet.close();
    operator.close();
    api.close();
  }
}
