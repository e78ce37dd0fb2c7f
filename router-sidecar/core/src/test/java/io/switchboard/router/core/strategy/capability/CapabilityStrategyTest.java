package io.switchboard.router.core.strategy.capability;

import static io.switchboard.router.core.strategy.StrategyTestKit.available;
import static io.switchboard.router.core.strategy.StrategyTestKit.expert;
import static io.switchboard.router.core.strategy.StrategyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.config.Capabilities;
import io.switchboard.router.core.features.MiniLmEmbedder;
import io.switchboard.router.core.spi.Candidates;
import io.switchboard.router.core.spi.Decision;
import io.switchboard.router.core.spi.ExpertState;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Uses the real MiniLM model, so the prototypes mean what they say. */
class CapabilityStrategyTest {

  private static MiniLmEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = new MiniLmEmbedder(64);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  private final List<ExpertState> pool =
      List.of(
          available(expert("mathematician", new Capabilities(0.95, 0.5, 0.1, 0.3, 0.3), "")),
          available(expert("encyclopedia", new Capabilities(0.3, 0.95, 0.1, 0.6, 0.6), "")),
          available(expert("poet", new Capabilities(0.2, 0.3, 0.95, 0.6, 0.6), "")));

  @Test
  void matchesTheQueryNeedsToTheClosestCapabilityVector() {
    CapabilityStrategy strategy =
        new CapabilityStrategy(new NeedsEstimator(embedder::embed, 1, 0, 0), 0.0);
    AtomicInteger embeddings = new AtomicInteger();
    assertThat(route(strategy, "Solve for x: 3x + 7 = 22. Show each step.", embeddings).expert())
        .isEqualTo("mathematician");
    assertThat(route(strategy, "Write a haiku about autumn leaves falling.", embeddings).expert())
        .isEqualTo("poet");
    assertThat(route(strategy, "In which year did the Berlin Wall fall?", embeddings).expert())
        .isEqualTo("encyclopedia");
    Decision decision = route(strategy, "Write a haiku about autumn leaves falling.", embeddings);
    assertThat(decision.fallbacks()).hasSize(2).doesNotContain("poet");
    assertThat(embeddings).hasValue(4);
  }

  @Test
  void needsSumToOneOnContentAxesAndCarryDeclaredPreferences() {
    NeedsEstimator needs = new NeedsEstimator(embedder::embed, 2, 1, 1);
    double[] vector = needs.needs(embedder.embed("Tell me a joke"));
    assertThat(vector[0] + vector[1] + vector[2])
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(vector[3]).isEqualTo(0.25);
    assertThat(vector[4]).isEqualTo(0.25);
  }

  private Decision route(CapabilityStrategy strategy, String prompt, AtomicInteger embeddings) {
    return strategy
        .route(request("r", prompt, embedder::embed, embeddings), Candidates.of(pool))
        .toCompletableFuture()
        .join();
  }
}
