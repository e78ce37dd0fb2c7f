package io.switchboard.simulated.answer;

import io.switchboard.dataset.RecordedDataset;
import io.switchboard.dataset.RecordedOutcome;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A <b>simulated</b> judge: when asked to grade an answer with one integer from 1 to 10 (the
 * router's grading prompt), it finds which recorded model answered which recorded prompt from the
 * simulated answer's header and replies with that model's recorded score on 1..10, through noise:
 * {@code round(1 + 9 · clamp(q + N(0, 0.1²), 0, 1))}. The noise stands for a real judge's
 * disagreement with the benchmark's grader; it is seeded by prompt and model, so replays are
 * reproducible. Anything it cannot place (a real answer, another dataset) gets the neutral grade 5.
 */
public final class SimulatedJudge {
  private static final Pattern GRADING = Pattern.compile("Score \\(1-10\\):\\s*$");
  private static final Pattern HEADER =
      Pattern.compile("\\[switchboard-simulated answer: (\\S+) on ([^/\\s]+)/([^;\\]]+);");
  static final double NOISE_SD = 0.1;

  private final RecordedDataset dataset;

  public SimulatedJudge(RecordedDataset dataset) {
    this.dataset = dataset;
  }

  /** True for the router's grading prompt (the last user message ends with "Score (1-10):"). */
  public static boolean isGradingRequest(String lastUserMessage) {
    return lastUserMessage != null && GRADING.matcher(lastUserMessage).find();
  }

  /** The grade 1..10 for the simulated answer quoted in {@code gradingPrompt}. */
  public int grade(String gradingPrompt) {
    Matcher header = HEADER.matcher(gradingPrompt);
    if (!header.find() || !header.group(2).equals(dataset.name())) {
      return 5;
    }
    String model = header.group(1);
    String promptId = header.group(3);
    Optional<Double> score = dataset.outcome(promptId, model).map(RecordedOutcome::score);
    if (score.isEmpty() || score.get() == null) {
      return 5;
    }
    double quality = score.get() > 1 ? (score.get() - 1) / 9 : score.get();
    SplittableRandom random =
        new SplittableRandom(((long) promptId.hashCode() << 32) ^ model.hashCode() ^ 0x5EEDL);
    double noisy = quality + NOISE_SD * gaussian(random);
    return (int) Math.round(1 + 9 * Math.max(0, Math.min(1, noisy)));
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
