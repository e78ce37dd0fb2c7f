package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events the way kubectl describe shows them. The same (object, reason, message)
 * reuses one Event and bumps its count, as client-go's recorder does, so a spec that stays bad does
 * not flood the namespace.
 */
public class EventRecorder {
  private static final int HTTP_CONFLICT = 409;

  public static final String COMPONENT = "switchboard-operator";
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    String namespace = about.getMetadata().getNamespace();
    String name =
        about.getMetadata().getName()
            + "."
            + KubeNames.sha256(about.getMetadata().getUid() + reason + message).substring(0, 12);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    var events = client.v1().events().inNamespace(namespace);
    try {
      // Most events are new (the name hashes the message): create first, count up on a conflict.
      events
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(about.getApiVersion())
                          .withKind(about.getKind())
                          .withName(about.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(about.getMetadata().getUid())
                          .withResourceVersion(about.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HTTP_CONFLICT) {
        countAgain(events, name, now, reason, about);
      } else {
        couldNotRecord(e, reason, about);
      }
    }
  }

  private void countAgain(
      NonNamespaceOperation<Event, EventList, Resource<Event>> events,
      String name,
      String now,
      String reason,
      HasMetadata about) {
    try {
      Event existing = events.withName(name).get();
      if (existing != null) {
        existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
        existing.setLastTimestamp(now);
        events.resource(existing).update();
      }
    } catch (KubernetesClientException e) {
      couldNotRecord(e, reason, about);
    }
  }

  // An event is a courtesy; failing to write one must never fail a reconcile.
  private static void couldNotRecord(
      KubernetesClientException e, String reason, HasMetadata about) {
    LOG.debugf(
        e,
        "could not record event %s on %s/%s",
        reason,
        about.getMetadata().getNamespace(),
        about.getMetadata().getName());
  }
}
