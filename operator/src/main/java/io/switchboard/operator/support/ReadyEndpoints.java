package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The ready pods behind a Service, as the endpoints controller publishes them: one base URL per
 * address.
 */
public final class ReadyEndpoints {

  private ReadyEndpoints() {}

  /**
   * {@code http://ip:port} for every ready address, the port being the subset's first one; a subset
   * without ports uses {@code defaultPort}, or is skipped when that is null. A missing Endpoints
   * object has no addresses.
   */
  public static List<URI> baseUrls(Endpoints endpoints, Integer defaultPort) {
    List<URI> urls = new ArrayList<>();
    if (endpoints == null || endpoints.getSubsets() == null) {
      return urls;
    }
    for (EndpointSubset subset : endpoints.getSubsets()) {
      Integer port =
          subset.getPorts() == null
              ? defaultPort
              : subset.getPorts().stream()
                  .map(EndpointPort::getPort)
                  .filter(Objects::nonNull)
                  .findFirst()
                  .orElse(defaultPort);
      if (port == null || subset.getAddresses() == null) {
        continue;
      }
      for (EndpointAddress address : subset.getAddresses()) {
        urls.add(URI.create("http://" + address.getIp() + ":" + port));
      }
    }
    return urls;
  }
}
