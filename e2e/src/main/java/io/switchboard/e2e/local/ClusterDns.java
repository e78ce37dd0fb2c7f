package io.switchboard.e2e.local;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays cluster DNS plus kube-proxy for the local run: a Service name and port resolve to the
 * 127.0.0.1 port of the local process backing it. There is no resolver to plug into a child JVM, so
 * the local kubelet rewrites Service URLs ({@code http://SVC.NS.svc:PORT}, {@code
 * .svc.cluster.local}, {@code SVC.NS}, {@code SVC}) in the environment and ConfigMap files it hands
 * to a process. Names it cannot resolve are left as they are (the process then fails to reach them,
 * as it would with NXDOMAIN).
 */
public final class ClusterDns {

  private static final Pattern SERVICE_URL =
      Pattern.compile(
          "(https?)://([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)(?:\\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?))?"
              + "(?:\\.svc(?:\\.cluster\\.local)?)?:(\\d+)");

  /** namespace/service -> service port -> loopback port. */
  private final Map<String, Map<Integer, Integer>> services = new ConcurrentHashMap<>();

  void register(String namespace, String service, Map<Integer, Integer> servicePortToLoopback) {
    services.put(namespace + "/" + service, Map.copyOf(servicePortToLoopback));
  }

  void unregister(String namespace, String service) {
    services.remove(namespace + "/" + service);
  }

  public Optional<Integer> resolve(String namespace, String service, int port) {
    return Optional.ofNullable(services.get(namespace + "/" + service))
        .map(ports -> ports.get(port));
  }

  /**
   * Replaces every resolvable Service URL in {@code text}; {@code namespace} is the caller's own.
   */
  String rewrite(String text, String namespace) {
    Matcher m = SERVICE_URL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ns = m.group(3) != null ? m.group(3) : namespace;
      Optional<Integer> local = resolve(ns, m.group(2), Integer.parseInt(m.group(4)));
      String replacement = local.map(p -> "http://127.0.0.1:" + p).orElse(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  Map<String, Map<Integer, Integer>> snapshot() {
    return Map.copyOf(services);
  }
}
