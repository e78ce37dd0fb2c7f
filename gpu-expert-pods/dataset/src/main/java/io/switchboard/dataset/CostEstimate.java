package io.switchboard.dataset;

/**
 * Cost of one recorded outcome and how it was obtained.
 *
 * @param usd cost in USD
 * @param basis where the number comes from
 * @param inputTokens prompt tokens used for the estimate (recorded or estimated); {@code null} when
 *     recorded cost
 * @param outputTokens completion tokens used for the estimate; {@code null} when recorded cost
 */
public record CostEstimate(double usd, Basis basis, Integer inputTokens, Integer outputTokens) {

  public enum Basis {
    /** The dataset recorded the cost of this call ({@code cost_usd}). */
    RECORDED,
    /** List price times recorded token counts. */
    PRICED_RECORDED_TOKENS,
    /** List price times token counts of which at least one was estimated from text length. */
    PRICED_ESTIMATED_TOKENS,
    /**
     * List price of the prompt only: the response length was not recorded, so it is counted as
     * zero.
     */
    PRICED_INPUT_ONLY
  }
}
