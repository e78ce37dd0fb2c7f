package io.switchboard.router;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/** Runs the router with {@link EscalatingTestStrategy} as the cascade mode. */
public class EscalationProfile implements QuarkusTestProfile {
  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(EscalatingTestStrategy.CatalogAlternative.class);
  }
}
