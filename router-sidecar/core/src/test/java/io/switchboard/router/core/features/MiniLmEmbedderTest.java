package io.switchboard.router.core.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmEmbedder(32);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void unitVectorsWhoseSimilarityFollowsMeaning() {
        float[] cat = embedder.embed("A cat is sleeping on the sofa.");
        float[] kitten = embedder.embed("A kitten naps on the couch.");
        float[] tax = embedder.embed("How do I file my quarterly corporate tax return?");
        assertThat(cat).hasSize(384);
        assertThat(dot(cat, cat)).isCloseTo(1.0, within(1e-4));
        assertThat(dot(cat, kitten)).isGreaterThan(dot(cat, tax) + 0.3);
    }

    @Test
    void keepsTheEndOfLongPromptsByDefaultOrTheStartWhenAsked() {
        String question = " Question: explain the proof of the prime number theorem step by step.";
        String filler = "filler words ".repeat(200);
        // Tail truncation (default): everything before the last 30 word pieces is cut, so the head cannot matter.
        assertThat(dot(embedder.embed("Context about cooking. " + filler + question),
                embedder.embed("Context about taxes. " + filler + question))).isCloseTo(1.0, within(1e-5));
        assertThat(embedder.countTokens(filler + question)).isGreaterThan(400);
        try (MiniLmEmbedder head = new MiniLmEmbedder(32, Truncation.HEAD)) {
            assertThat(dot(head.embed(question + filler), head.embed(question + filler + " a different tail about cooking")))
                    .isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void workerPoolFailsFastWhenItsQueueIsFull() throws Exception {
        io.switchboard.router.core.spi.Embedder slow = text -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new float[] {1};
        };
        try (EmbeddingWorkers workers = new EmbeddingWorkers(1, 1)) {
            var running = workers.embed(slow, "1");
            var queued = workers.embed(slow, "2");
            var rejected = workers.embed(slow, "3");
            assertThat(rejected).isCompletedExceptionally();
            assertThat(rejected.handle((v, e) -> e).get()).isInstanceOf(RejectedExecutionException.class);
            assertThat(running.get(2, TimeUnit.SECONDS)).containsExactly(1f);
            assertThat(queued.get(2, TimeUnit.SECONDS)).containsExactly(1f);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
