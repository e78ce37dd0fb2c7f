package io.switchboard.e2e.run;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * Retries a read-modify-write of a custom resource when the API server answers 409: the operator
 * wrote the status between the read and the write (as it does under load), and {@code kubectl edit}
 * would have the user re-apply the change on the latest version.
 */
public final class OnConflict {

  private static final int ATTEMPTS = 5;

  private OnConflict() {}

  public static <T> T retry(Supplier<T> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        return edit.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
