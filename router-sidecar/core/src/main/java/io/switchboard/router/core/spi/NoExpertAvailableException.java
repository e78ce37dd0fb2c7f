package io.switchboard.router.core.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Thrown (or used to complete a route stage) when no candidate can take the request; the data plane
 * answers 503.
 */
public final class NoExpertAvailableException extends RuntimeException {
  public NoExpertAvailableException(String message) {
    super(message, null, false, false);
  }

  /** The failure of a strategy that found none of {@code candidates} available. */
  public static NoExpertAvailableException among(List<? extends ExpertState> candidates) {
    return new NoExpertAvailableException(
        "no available expert among " + candidates.size() + " candidates");
  }

  /** A route stage that failed with {@link #among}. */
  public static <T> CompletableFuture<T> failedAmong(List<? extends ExpertState> candidates) {
    return CompletableFuture.failedFuture(among(candidates));
  }
}
