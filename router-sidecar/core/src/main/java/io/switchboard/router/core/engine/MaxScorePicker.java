package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.RoutingRequest;
import java.util.List;

/** Picks the highest score (the first of the sorted list; ties keep candidate order). */
public final class MaxScorePicker implements ExpertPicker {
  @Override
  public int pick(RoutingRequest request, List<ScoredExpert> scored) {
    return 0;
  }
}
