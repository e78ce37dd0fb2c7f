package io.switchboard.operator.budget;

import io.switchboard.api.v1alpha1.budget.BudgetStatus.RouterUsageMark;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns routers' cumulative counters into spend, idempotently. Each router replica's last reading
 * is kept as a watermark in the Budget's status (so an operator restart neither loses nor
 * double-counts anything) and only the growth since it is added:
 *
 * <ul>
 *   <li>same process (same start time): the growth since the watermark;
 *   <li>a restarted process (other start time), or one that started after tracking began: all of
 *       its counters, since all of it happened after the last reading;
 *   <li>a process first seen that was already running before tracking began: nothing (a baseline),
 *       because what it recorded may belong to an earlier period or predate the budget.
 * </ul>
 *
 * Spend a router recorded after its last reading and before it stopped is lost: at most one
 * accounting interval per router restart. Watermarks of routers not seen for {@code forgetAfter}
 * are dropped.
 */
public final class SpendAccounting {

  /** One router replica's cumulative counters for one policy, read now. */
  public record Reading(double processStartSeconds, double costUsd, long tokens) {}

  /** Spend added by this round and the watermarks to keep. */
  public record Result(double costUsd, long tokens, Map<String, RouterUsageMark> marks) {}

  private SpendAccounting() {}

  public static Result account(
      Map<String, RouterUsageMark> previous,
      Instant trackedSince,
      Map<String, Reading> current,
      Instant now,
      Duration forgetAfter) {
    double cost = 0;
    long tokens = 0;
    Map<String, RouterUsageMark> marks = new TreeMap<>();
    for (var entry : current.entrySet()) {
      Reading r = entry.getValue();
      // A router that does not export its start time is one process until its counters go
      // backwards.
      double start = Double.isNaN(r.processStartSeconds()) ? 0 : r.processStartSeconds();
      RouterUsageMark mark = previous.get(entry.getKey());
      double costGrowth = mark == null ? 0 : r.costUsd() - orZero(mark.costUsd());
      long tokenGrowth =
          mark == null ? 0 : r.tokens() - (mark.tokens() == null ? 0 : mark.tokens());
      if (mark != null
          && sameProcess(mark.startTime(), start)
          && costGrowth >= 0
          && tokenGrowth >= 0) {
        cost += costGrowth;
        tokens += tokenGrowth;
      } else if (mark != null || start >= trackedSince.getEpochSecond()) {
        cost += r.costUsd();
        tokens += r.tokens();
      }
      marks.put(
          entry.getKey(), new RouterUsageMark(start, r.costUsd(), r.tokens(), now.toString()));
    }
    for (var entry : previous.entrySet()) {
      RouterUsageMark mark = entry.getValue();
      if (!marks.containsKey(entry.getKey())
          && mark.seenAt() != null
          && Instant.parse(mark.seenAt()).isAfter(now.minus(forgetAfter))) {
        marks.put(
            entry.getKey(),
            mark); // unreachable for now: keep its watermark, count the growth when it is back
      }
    }
    return new Result(cost, tokens, marks);
  }

  // Start times are exported in seconds with millisecond precision; compare with a tolerance.
  private static boolean sameProcess(Double markStart, double start) {
    return markStart != null && Math.abs(markStart - start) < 0.5;
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }
}
