package io.switchboard.router.core.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Learned state that must outlive the router process (and its pod): the operator keeps a copy of
 * every replica's {@link #localState()} and, when a replica is gone for good, hands its state to
 * one surviving or new replica, which {@link #adopt adopts} it into its own learning. Adopted
 * statistics become this replica's own: they are persisted with it and shared with its peers, and a
 * federated router never releases them again.
 */
public interface DurableLearning {

  /** The model space; only a state of an equal model space can be adopted. */
  String modelSpace();

  /** What this replica learned itself (adopted states included), as JSON. */
  JsonNode localState();

  /**
   * Adds a departed replica's {@link #localState()} to this replica's own learning and persists the
   * result.
   *
   * @throws IllegalArgumentException when the state is malformed or of another model space; nothing
   *     changes then
   */
  void adopt(JsonNode state);
}
