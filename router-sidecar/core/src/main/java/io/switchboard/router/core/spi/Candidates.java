package io.switchboard.router.core.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * The experts a strategy may choose from, filtered once by the data plane before any strategy runs
 * (see {@code io.switchboard.router.core.plan.CandidateFilter}): a strategy reads {@link
 * #available()} and never checks health, circuit state or budget itself.
 *
 * @param available the experts that may take the request now, in config order
 * @param eligible every expert the request may be served by (endpoint, budget and offload rules
 *     applied), including those unavailable right now; a strategy may read it to explain its choice
 *     (e.g. the {@code priority-fallback} reason) but must not route to an expert missing from
 *     {@code available}
 */
public record Candidates(List<ExpertState> available, List<ExpertState> eligible) {

  public Candidates {
    available = List.copyOf(available);
    eligible = List.copyOf(eligible);
  }

  /** The availability filter: keeps the {@link ExpertState#available() available} experts. */
  public static Candidates of(List<? extends ExpertState> eligible) {
    // Per request on the event loop: no copy when (as usual) every eligible expert is available
    // and the list is already immutable.
    List<ExpertState> all = List.copyOf(eligible);
    int kept = 0;
    for (ExpertState e : all) {
      if (e.available()) {
        kept++;
      }
    }
    if (kept == all.size()) {
      return new Candidates(all, all);
    }
    List<ExpertState> available = new ArrayList<>(kept);
    for (ExpertState e : all) {
      if (e.available()) {
        available.add(e);
      }
    }
    return new Candidates(available, all);
  }

  public boolean isEmpty() {
    return available.isEmpty();
  }

  /** Names of the available experts, in order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(available.size());
    for (ExpertState e : available) {
      names.add(e.name());
    }
    return names;
  }

  /** A route stage failed because nothing is available. */
  public NoExpertAvailableException noneAvailable() {
    return NoExpertAvailableException.among(eligible);
  }
}
