package io.switchboard.router.core.strategy.classifier;

import static io.switchboard.router.core.strategy.StrategyTestKit.available;
import static io.switchboard.router.core.strategy.StrategyTestKit.down;
import static io.switchboard.router.core.strategy.StrategyTestKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.router.core.features.QueryFeatures;
import io.switchboard.router.core.features.RequestQueryFeatures;
import io.switchboard.router.core.features.TextFeatureExtractor;
import io.switchboard.router.core.features.TokenCounter;
import io.switchboard.router.core.spi.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ClassifierStrategyTest {

    /** "hard ..." prompts embed to (1,0) and only "large" answers them well; "easy ..." to (0,1), where both do. */
    private static final Function<String, float[]> EMBED = text -> text.startsWith("hard") ? new float[] {1, 0} : new float[] {0, 1};

    @Test
    void routesThroughTheSpiWithTheTrainedModel() {
        TextFeatureExtractor extractor = new TextFeatureExtractor(TokenCounter.charsPerToken());
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String text = i % 2 == 0 ? "hard question" : "easy question";
            QueryFeatures features = new QueryFeatures(text, extractor.extract(text), EMBED.apply(text));
            examples.add(new TrainingExample(features, i % 2 == 0 ? Map.of("large", 1.0, "small", 0.0)
                    : Map.of("large", 1.0, "small", 1.0)));
        }
        ClassifierTrainer trainer = new ClassifierTrainer(new ClassifierTrainer.Settings(List.of(ClassifierTrainer.ScoreModel.DIFFERENCE),
                List.of(0.01), List.of(0.01), List.of(0), 2, 200, 0.05, 1, 128, "TAIL"));
        RouterModelArtifact artifact = trainer.fit(examples, List.of("large", "small"), Map.of("large", 0.01, "small", 0.001),
                "large", "small", ClassifierTrainer.ScoreModel.DIFFERENCE, 0.01, 0.01, 0);
        ClassifierStrategy strategy = new ClassifierStrategy(new QualityRouter(artifact), 0.3, new RequestQueryFeatures());
        AtomicInteger embeddings = new AtomicInteger();

        Decision hard = strategy.route(request("1", "hard question", EMBED, embeddings),
                List.of(available("small"), available("large"), available("unknown"))).toCompletableFuture().join();
        assertThat(hard.expert()).isEqualTo("large");
        assertThat(hard.fallbacks()).containsExactly("small", "unknown");

        Decision easy = strategy.route(request("2", "easy question", EMBED, embeddings),
                List.of(available("small"), available("large"))).toCompletableFuture().join();
        assertThat(easy.expert()).isEqualTo("small");
        assertThat(easy.reason()).isEqualTo("predicted-quality");

        Decision onlyUnknown = strategy.route(request("3", "hard question", EMBED, embeddings),
                List.of(down("large"), available("unknown"))).toCompletableFuture().join();
        assertThat(onlyUnknown.expert()).isEqualTo("unknown");
        assertThat(embeddings).hasValue(3);
    }
}
