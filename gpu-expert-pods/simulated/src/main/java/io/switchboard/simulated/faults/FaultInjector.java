package io.switchboard.simulated.faults;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Holds the active {@link Faults} and decides, with a seeded random source (reproducible runs),
 * which requests they hit. Thread-safe.
 */
public final class FaultInjector {

  private final boolean crashAllowed;
  private final LongSupplier nanoClock;
  private final Runnable crashAction;
  private final SplittableRandom random;
  private volatile Faults faults;
  private volatile long unhealthyUntilNanos;

  /**
   * @param crashAction what a crash does (the server halts the JVM); only run when crashing is
   *     allowed
   */
  public FaultInjector(
      Faults initial,
      boolean crashAllowed,
      long seed,
      LongSupplier nanoClock,
      Runnable crashAction) {
    this.crashAllowed = crashAllowed;
    this.nanoClock = nanoClock;
    this.crashAction = crashAction;
    this.random = new SplittableRandom(seed);
    apply(initial);
  }

  public Faults current() {
    return faults;
  }

  /**
   * Replaces the active faults; a positive {@code slowStartSeconds} makes health fail from now on
   * for that long.
   *
   * @throws IllegalArgumentException naming every invalid value
   */
  public void replace(Faults next) {
    apply(next);
  }

  private void apply(Faults next) {
    String problems = next.problems(crashAllowed);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(problems);
    }
    faults = next;
    unhealthyUntilNanos = nanoClock.getAsLong() + next.slowStartSeconds() * 1_000_000_000L;
  }

  public boolean healthy() {
    return nanoClock.getAsLong() - unhealthyUntilNanos >= 0;
  }

  /** Runs the crash action if a crash is armed. Returns normally only when no crash happened. */
  public void crashIfArmed() {
    if (faults.crash() && crashAllowed) {
      crashAction.run();
    }
  }

  public boolean shouldFail() {
    return chance(faults.errorRate());
  }

  public boolean shouldDisconnect() {
    return chance(faults.disconnectRate());
  }

  public boolean shouldHang() {
    return faults.hang();
  }

  public long addedLatencyNanos() {
    return faults.addedLatencyMs() * 1_000_000L;
  }

  private boolean chance(double probability) {
    if (probability <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < probability;
    }
  }
}
