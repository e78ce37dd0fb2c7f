package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reconciles the primaries affected when a background collector's readings change (router metrics,
 * engine metrics), so a reconciler reads the collector's cached snapshot instead of polling over
 * HTTP itself. The readings are not secondary resources of the primary: reconcilers ask the
 * collector.
 *
 * @param <R> the collector's reading type (names the event source's resource type only)
 * @param <P> the primary resource
 */
public final class ChangeEventSource<R, P extends HasMetadata> extends AbstractEventSource<R, P>
    implements ResourceEventAware<P> {

  private final ChangeFeed feed;
  private final Function<ResourceID, Set<ResourceID>> primaries;
  private final Consumer<ResourceID> primaryDeleted;
  private final Consumer<ResourceID> listener = this::changed;

  /**
   * @param primaries the primaries to reconcile when the readings of this id changed
   * @param primaryDeleted told when a primary is deleted, so the collector stops reading for it
   */
  public ChangeEventSource(
      Class<R> readingType,
      String name,
      ChangeFeed feed,
      Function<ResourceID, Set<ResourceID>> primaries,
      Consumer<ResourceID> primaryDeleted) {
    super(readingType, name);
    this.feed = feed;
    this.primaries = primaries;
    this.primaryDeleted = primaryDeleted;
  }

  @Override
  public void start() {
    super.start();
    feed.subscribe(listener);
  }

  @Override
  public void stop() {
    feed.unsubscribe(listener);
    super.stop();
  }

  private void changed(ResourceID id) {
    if (isRunning()) {
      primaries.apply(id).forEach(primary -> getEventHandler().handleEvent(new Event(primary)));
    }
  }

  @Override
  public Set<R> getSecondaryResources(P primary) {
    return Set.of();
  }

  @Override
  public void onResourceDeleted(P resource) {
    primaryDeleted.accept(ResourceID.fromResource(resource));
  }
}
