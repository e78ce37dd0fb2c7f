package io.switchboard.router.core.features;

import io.switchboard.router.core.spi.RoutingRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Builds {@link QueryFeatures} from a live request through the SPI's lazy, memoised {@code
 * RequestFeatures}: the embedding (when wanted) is computed by the data plane off the event loop;
 * the cheap text features are computed inline with the same extractor the offline evaluator uses,
 * so live and replayed decisions see identical inputs.
 */
public final class RequestQueryFeatures {

  private final TextFeatureExtractor textFeatures;

  public RequestQueryFeatures(TextFeatureExtractor textFeatures) {
    this.textFeatures = textFeatures;
  }

  public RequestQueryFeatures() {
    this(new TextFeatureExtractor(TokenCounter.charsPerToken()));
  }

  public CompletionStage<QueryFeatures> features(RoutingRequest request, boolean withEmbedding) {
    String text = request.features().promptText();
    TextFeatures cheap = textFeatures.extract(text);
    if (!withEmbedding) {
      return CompletableFuture.completedFuture(new QueryFeatures(text, cheap, null));
    }
    return request
        .features()
        .embedding()
        .thenApply(vector -> new QueryFeatures(text, cheap, vector));
  }
}
