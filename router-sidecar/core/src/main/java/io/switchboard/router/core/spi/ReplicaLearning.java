package io.switchboard.router.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Learned state that replicas of one policy's router share, so every replica decides from all of
 * their traffic. Each replica keeps what it learned itself ({@link #localState()}) apart from its
 * peers' contributions, which are replaced as a whole on every exchange: applying the same exchange
 * twice changes nothing, and a replica's own state file never contains another's statistics (a
 * restart cannot count them twice).
 */
public interface ReplicaLearning {

  /**
   * Identifies the model space (algorithm, dimensions, prior, projection): only equal ones can be
   * combined.
   */
  String fingerprint();

  /** What this replica learned from its own traffic, as JSON. */
  JsonNode localState();

  /**
   * Replaces every peer's contribution with these (peer id → {@link #localState()} of that peer).
   *
   * @throws IllegalArgumentException when a state is malformed or from another model space; nothing
   *     changes then
   */
  void replacePeerStates(Map<String, JsonNode> peers);
}
