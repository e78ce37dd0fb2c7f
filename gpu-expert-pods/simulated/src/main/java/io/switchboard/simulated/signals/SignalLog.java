package io.switchboard.simulated.signals;

import io.switchboard.simulated.answer.SimulatedAnswer;
import io.switchboard.simulated.answer.SimulatedConfidence;
import io.switchboard.simulated.answer.SimulatedJudge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What this simulated expert emitted as a <b>simulated signal</b>, and the recorded truth behind
 * it, so that a harness can measure the signals' quality on its own prompts (AUROC of the
 * confidences, agreement of the judge, accuracy and latency of the router) instead of trusting the
 * declared values. Bounded: the oldest entries go beyond {@value #CAPACITY} per kind. Served at
 * {@code GET /admin/signals}, cleared by {@code DELETE /admin/signals}.
 */
public final class SignalLog {

  static final int CAPACITY = 20_000;

  /** A confidence emitted as token logprobs for an answer with a recorded score. */
  public record Confidence(
      String promptId, String model, double recordedScore, double confidence) {}

  /** A judge grade for an answer with a recorded score. */
  public record Judgement(String promptId, String model, double recordedScore, int grade) {}

  /**
   * A router reply: the expert named, the recorded best-value expert ({@code null} if none), and
   * the wall-clock milliseconds from request to the reply's last byte.
   */
  public record Route(String promptId, String chosen, String best, double latencyMs) {}

  /** Everything logged, and the declared signal quality it is to be compared with. */
  public record Snapshot(
      double declaredConfidenceAuroc,
      double declaredJudgeAgreement,
      double declaredRouterAccuracy,
      List<Confidence> confidences,
      List<Judgement> judgements,
      List<Route> routes) {}

  private final double confidenceAuroc;
  private final double judgeAgreement;
  private final double routerAccuracy;
  private final ArrayDeque<Confidence> confidences = new ArrayDeque<>();
  private final ArrayDeque<Judgement> judgements = new ArrayDeque<>();
  private final ArrayDeque<Route> routes = new ArrayDeque<>();

  public SignalLog(double confidenceAuroc, double judgeAgreement, double routerAccuracy) {
    this.confidenceAuroc = confidenceAuroc;
    this.judgeAgreement = judgeAgreement;
    this.routerAccuracy = routerAccuracy;
  }

  /**
   * Logs the signals {@code answer} carries: the confidence its logprobs encode (when asked for and
   * a score is recorded), and a judge's grade of an answer it could place.
   */
  public void answered(
      SimulatedAnswer answer, boolean logprobs, SimulatedConfidence model, String servedModel) {
    if (logprobs && answer.recordedScore() != null) {
      String promptId = answer.match().prompt().promptId();
      confidence(
          new Confidence(
              promptId,
              servedModel,
              answer.recordedScore(),
              model.confidence(promptId, servedModel, answer.recordedScore())));
    }
    SimulatedJudge.Verdict verdict = answer.verdict();
    if (verdict != null && verdict.recordedScore() != null) {
      judgement(
          new Judgement(
              verdict.promptId(), verdict.model(), verdict.recordedScore(), verdict.grade()));
    }
  }

  public synchronized void confidence(Confidence entry) {
    add(confidences, entry);
  }

  public synchronized void judgement(Judgement entry) {
    add(judgements, entry);
  }

  public synchronized void route(Route entry) {
    add(routes, entry);
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        confidenceAuroc,
        judgeAgreement,
        routerAccuracy,
        new ArrayList<>(confidences),
        new ArrayList<>(judgements),
        new ArrayList<>(routes));
  }

  public synchronized void clear() {
    confidences.clear();
    judgements.clear();
    routes.clear();
  }

  private static <T> void add(ArrayDeque<T> entries, T entry) {
    entries.addLast(entry);
    while (entries.size() > CAPACITY) {
      entries.removeFirst();
    }
  }
}
