package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The container security context the {@code restricted} Pod Security Standard asks for, carried by
 * every container Switchboard renders (experts, the weights preloader, routers). The seccomp
 * profile is set on the container too: an injected sidecar cannot rely on the application pod's
 * pod-level profile.
 */
public final class RestrictedContainer {

  private RestrictedContainer() {}

  public static SecurityContext securityContext() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
