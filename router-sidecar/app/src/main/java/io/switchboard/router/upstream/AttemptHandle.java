package io.switchboard.router.upstream;

import io.vertx.core.http.HttpClientRequest;

/**
 * Lets the client side cancel the upstream request in flight (client disconnect). Event-loop
 * confined.
 */
public final class AttemptHandle {
  private HttpClientRequest request;
  private boolean cancelled;

  void attach(HttpClientRequest request) {
    this.request = request;
    if (cancelled) {
      request.reset();
    }
  }

  public boolean cancelled() {
    return cancelled;
  }

  /**
   * Resets the upstream stream/connection so the expert stops generating for a client that left.
   */
  public void cancel() {
    cancelled = true;
    if (request != null) {
      request.reset();
    }
  }
}
