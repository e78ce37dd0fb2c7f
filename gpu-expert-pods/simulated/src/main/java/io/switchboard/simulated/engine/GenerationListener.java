package io.switchboard.simulated.engine;

/**
 * Receives the tokens of one generation as the engine produces them; called without engine locks
 * held.
 */
public interface GenerationListener {

  /**
   * Tokens {@code [from, from + count)} are ready. The first call ({@code from == 0}) is the first
   * token.
   *
   * @param last whether these are the final tokens
   */
  void onTokens(int from, int count, boolean last);
}
