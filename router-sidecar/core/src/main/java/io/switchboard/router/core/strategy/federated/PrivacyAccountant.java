package io.switchboard.router.core.strategy.federated;

/**
 * Epsilon bookkeeping under basic sequential composition: k releases of ε each cost k·ε in total.
 * That is an upper bound (advanced composition or an RDP accountant would be tighter for many
 * rounds); it is the bound a user whose requests span several rounds gets, which is why every round
 * is charged even though one decision only ever enters one round's delta. Thread-safe.
 */
public final class PrivacyAccountant {

  /** Slack for floating-point sums: 10 rounds of 0.1 must fit a budget of 1.0. */
  private static final double TOLERANCE = 1e-9;

  private final double epsilonPerRound;
  private final double totalEpsilon;
  private double spent;
  private long rounds;

  public PrivacyAccountant(double epsilonPerRound, double totalEpsilon, PrivacyLedger restored) {
    if (!(epsilonPerRound > 0) || totalEpsilon < epsilonPerRound) {
      throw new IllegalArgumentException(
          "need 0 < epsilonPerRound <= totalEpsilon, got "
              + epsilonPerRound
              + " and "
              + totalEpsilon);
    }
    this.epsilonPerRound = epsilonPerRound;
    this.totalEpsilon = totalEpsilon;
    this.spent = restored.spentEpsilon();
    this.rounds = restored.rounds();
  }

  /** Charges one round if it fits the total budget; false (nothing charged) once it would not. */
  public synchronized boolean tryCharge() {
    if (spent + epsilonPerRound > totalEpsilon + TOLERANCE) {
      return false;
    }
    spent += epsilonPerRound;
    rounds++;
    return true;
  }

  public synchronized boolean exhausted() {
    return spent + epsilonPerRound > totalEpsilon + TOLERANCE;
  }

  public synchronized double spent() {
    return spent;
  }

  public synchronized double remaining() {
    return Math.max(0, totalEpsilon - spent);
  }

  public double epsilonPerRound() {
    return epsilonPerRound;
  }

  public double totalEpsilon() {
    return totalEpsilon;
  }

  /**
   * Raises the ledger to a durable copy's figures (never lowers it): after a pod replacement the
   * operator's copy may be ahead of what the new pod's own files say.
   */
  public synchronized void raiseTo(PrivacyLedger durable) {
    spent = Math.max(spent, durable.spentEpsilon());
    rounds = Math.max(rounds, durable.rounds());
  }

  public synchronized PrivacyLedger ledger() {
    return new PrivacyLedger(spent, rounds);
  }

  /** What survives a restart: epsilon spent and rounds charged so far. */
  public record PrivacyLedger(double spentEpsilon, long rounds) {
    public static final PrivacyLedger EMPTY = new PrivacyLedger(0, 0);

    public PrivacyLedger {
      if (spentEpsilon < 0 || rounds < 0) {
        throw new IllegalArgumentException(
            "privacy ledger cannot be negative: " + spentEpsilon + ", " + rounds);
      }
    }
  }
}
