package io.switchboard.operator.routingpolicy;

import io.switchboard.api.v1alpha1.routingpolicy.RoutingPolicyStatus.RoutingSummary;
import java.util.List;

/**
 * What the collector last read from one policy's routers: every replica that answered, and the live
 * routing summary of the window since the read before (null on the first read, or when no replica
 * answered). Shared by the RoutingPolicy reconciler (summary, Degraded) and the Budget reconciler
 * (spend); equal readings mean nothing to reconcile.
 */
public record RouterReadings(List<Replica> replicas, RoutingSummary summary) {

  public static final RouterReadings NONE = new RouterReadings(List.of(), null);

  /**
   * One router replica's counters for one policy, and the configuration it serves.
   *
   * @param reloadError why it refused its newest configuration ({@code lastReloadError} from its
   *     readiness check); null when it refused nothing or does not say
   */
  public record Replica(
      String address,
      double processStartSeconds,
      RouterScrape metrics,
      RouterScrape.ConfigState config,
      String reloadError) {}
}
