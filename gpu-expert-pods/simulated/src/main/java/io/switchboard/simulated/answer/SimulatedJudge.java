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
 * simulated answer's header and takes that model's recorded score as the recorded grade {@code g =
 * round(1 + 9 · q)}. With probability {@code agreement} it answers g; otherwise it answers the
 * mirrored grade {@code 11 − g}, which always flips the pass/fail verdict (grade ≥ 6). So the
 * verdict agrees with the recorded one with probability exactly {@code agreement}, for 0/1 and
 * graded scores alike.
 *
 * <p>The default {@value #DEFAULT_AGREEMENT} reproduces Zheng et al. 2023, "Judging LLM-as-a-Judge
 * with MT-Bench and Chatbot Arena" (NeurIPS Datasets and Benchmarks): GPT-4 as judge agrees with
 * human experts on about 85% of MT-Bench verdicts (without ties), about the rate at which humans
 * agree with each other (~81%). The previous judge (recorded score plus N(0, 0.1²)) agreed on
 * nearly every verdict. Draws are seeded by prompt and model, so replays are reproducible. Anything
 * it cannot place (a real answer, another dataset) gets the neutral grade 5.
 */
public final class SimulatedJudge {

  public static final double DEFAULT_AGREEMENT = 0.85;

  /**
   * One grade, and what it was measured against.
   *
   * @param recordedScore the graded answer's recorded score; {@code null} when it could not be
   *     placed (grade 5)
   */
  public record Verdict(int grade, String promptId, String model, Double recordedScore) {

    /** The pass/fail verdict of a grade: 6..10 pass. */
    public static boolean passes(int grade) {
      return grade >= 6;
    }
  }

  private static final Pattern GRADING = Pattern.compile("Score \\(1-10\\):\\s*$");
  private static final Pattern HEADER =
      Pattern.compile("\\[switchboard-simulated answer: (\\S+) on ([^/\\s]+)/([^;\\]]+);");

  private final RecordedDataset dataset;
  private final double agreement;

  public SimulatedJudge(RecordedDataset dataset) {
    this(dataset, DEFAULT_AGREEMENT);
  }

  public SimulatedJudge(RecordedDataset dataset, double agreement) {
    if (!(agreement > 0.5 && agreement <= 1)) {
      throw new IllegalArgumentException("judge agreement must be in (0.5, 1], got " + agreement);
    }
    this.dataset = dataset;
    this.agreement = agreement;
  }

  public double agreement() {
    return agreement;
  }

  /** True for the router's grading prompt (the last user message ends with "Score (1-10):"). */
  public static boolean isGradingRequest(String lastUserMessage) {
    return lastUserMessage != null && GRADING.matcher(lastUserMessage).find();
  }

  /** The grade 1..10 for the simulated answer quoted in {@code gradingPrompt}. */
  public int grade(String gradingPrompt) {
    return judge(gradingPrompt).grade();
  }

  /** The grade with the recorded score it stands for. */
  public Verdict judge(String gradingPrompt) {
    Matcher header = HEADER.matcher(gradingPrompt);
    if (!header.find() || !header.group(2).equals(dataset.name())) {
      return new Verdict(5, null, null, null);
    }
    String model = header.group(1);
    String promptId = header.group(3);
    Optional<Double> score = dataset.outcome(promptId, model).map(RecordedOutcome::score);
    if (score.isEmpty() || score.get() == null) {
      return new Verdict(5, promptId, model, null);
    }
    int recorded = (int) Math.round(1 + 9 * SimulatedConfidence.quality(score.get()));
    SplittableRandom random =
        new SplittableRandom(((long) promptId.hashCode() << 32) ^ model.hashCode() ^ 0x5EEDL);
    int grade = random.nextDouble() < agreement ? recorded : 11 - recorded;
    return new Verdict(grade, promptId, model, score.get());
  }
}
