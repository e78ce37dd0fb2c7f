package io.switchboard.router.core.spi;

import java.util.List;

/**
 * Drops candidates that must not receive the request (unhealthy, over budget, missing a
 * capability...).
 */
@FunctionalInterface
public interface ExpertFilter {

  /**
   * @return the kept candidates, in their original order; may be empty
   */
  List<ExpertState> filter(RoutingRequest request, List<ExpertState> candidates);
}
