package io.switchboard.simulated.engine;

/** What the engine reports about each request, in wall-clock seconds (after the time scale). */
public interface EngineObserver {

  void admitted(int promptTokens, double queuedSeconds);

  void firstToken(double timeToFirstTokenSeconds);

  /** {@code count} output tokens were decoded, each taking {@code secondsPerToken}. */
  void decoded(int count, double secondsPerToken);

  void finished(int generatedTokens, double endToEndSeconds);

  EngineObserver NONE =
      new EngineObserver() {
        @Override
        public void admitted(int promptTokens, double queuedSeconds) {}

        @Override
        public void firstToken(double timeToFirstTokenSeconds) {}

        @Override
        public void decoded(int count, double secondsPerToken) {}

        @Override
        public void finished(int generatedTokens, double endToEndSeconds) {}
      };
}
