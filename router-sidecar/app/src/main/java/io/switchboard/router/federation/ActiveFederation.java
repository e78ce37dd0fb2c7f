package io.switchboard.router.federation;

import io.switchboard.router.core.strategy.federated.FederatedStrategy;
import io.switchboard.router.core.strategy.federated.Federation;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.runtime.RouterStateManager;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The sharing side of the active config's strategy, when its policy is federated with a learning
 * local mode.
 */
@Singleton
public class ActiveFederation {

  private final RouterStateManager states;

  public ActiveFederation(RouterStateManager states) {
    this.states = states;
  }

  public Optional<Federation> current() {
    RouterState state = states.current();
    if (state != null && state.strategy() instanceof FederatedStrategy federated) {
      return federated.federation();
    }
    return Optional.empty();
  }

  /**
   * {@code Bearer <key>} for fetching {@code peer}'s aggregate, from its {@code apiKeyFile} as last
   * read by the state manager (a rotated Secret is picked up with the next reload); null when the
   * peer has no key file. Never logged.
   */
  public String peerAuthorization(String peer) {
    RouterState state = states.current();
    return state == null ? null : state.peerAuthorizations().forPeer(peer);
  }
}
