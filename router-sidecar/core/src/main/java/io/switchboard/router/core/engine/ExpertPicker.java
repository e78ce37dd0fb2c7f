package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.RoutingRequest;
import java.util.List;

/** Chooses among scored candidates; the rest, ordered, become the decision's fallbacks. */
@FunctionalInterface
public interface ExpertPicker {

  /**
   * @param scored non-empty candidates with their combined scores, sorted by score descending
   * @return index into {@code scored} of the chosen expert
   */
  int pick(RoutingRequest request, List<ScoredExpert> scored);
}
