package io.switchboard.router.core.engine;

import io.switchboard.router.core.spi.ExpertFilter;
import io.switchboard.router.core.spi.ExpertState;
import io.switchboard.router.core.spi.RoutingRequest;
import java.util.ArrayList;
import java.util.List;

/** Keeps experts that are healthy and whose circuit is not open. */
public final class AvailableFilter implements ExpertFilter {
  @Override
  public List<ExpertState> filter(RoutingRequest request, List<ExpertState> candidates) {
    List<ExpertState> kept = new ArrayList<>(candidates.size());
    for (ExpertState e : candidates) {
      if (e.available()) {
        kept.add(e);
      }
    }
    return kept;
  }
}
