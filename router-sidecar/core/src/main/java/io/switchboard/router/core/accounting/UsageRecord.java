package io.switchboard.router.core.accounting;

/**
 * Usage of one upstream call.
 *
 * @param policy policy name
 * @param expert expert called
 * @param tenant tenant of the request
 * @param promptTokens prompt tokens (measured or estimated)
 * @param completionTokens completion tokens (measured or estimated)
 * @param estimated true when the upstream sent no usage and the counts are estimates
 * @param costUsd cost from the expert's prices
 */
public record UsageRecord(
    String policy,
    String expert,
    String tenant,
    long promptTokens,
    long completionTokens,
    boolean estimated,
    double costUsd) {}
