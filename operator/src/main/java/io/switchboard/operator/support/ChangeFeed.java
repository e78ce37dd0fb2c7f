package io.switchboard.operator.support;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The listeners of a background collector: told the id of the resource (a RoutingPolicy, an
 * ExpertPool) whose readings changed. {@link ChangeEventSource} turns that into reconciles.
 */
public final class ChangeFeed {

  private final List<Consumer<ResourceID>> listeners = new CopyOnWriteArrayList<>();

  public void subscribe(Consumer<ResourceID> listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Consumer<ResourceID> listener) {
    listeners.remove(listener);
  }

  public void changed(ResourceID id) {
    listeners.forEach(listener -> listener.accept(id));
  }
}
