package io.switchboard.e2e.run;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedOutcome;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stands in for users rating answers: posts the recorded score (clamped to [0,1]) of the chosen
 * expert's model on the prompt to the router's {@code /v1/feedback}. Only used with {@code
 * --feedback}.
 */
final class RecordedScoreFeedback implements Consumer<Replay.Sample> {

  private final RouterClient router;
  private final RecordedDataset dataset;
  private final Map<String, PoolExpert> experts;

  RecordedScoreFeedback(RouterClient router, RecordedDataset dataset, List<PoolExpert> experts) {
    this.router = router;
    this.dataset = dataset;
    this.experts =
        experts.stream().collect(Collectors.toMap(PoolExpert::name, Function.identity()));
  }

  @Override
  public void accept(Replay.Sample sample) {
    PoolExpert expert =
        sample.reply().expert() == null ? null : experts.get(sample.reply().expert());
    if (!sample.reply().ok() || expert == null) {
      return;
    }
    dataset
        .outcome(sample.prompt().promptId(), expert.model())
        .map(RecordedOutcome::score)
        .ifPresent(
            score -> router.feedback(sample.reply().requestId(), Math.max(0, Math.min(1, score))));
  }
}
