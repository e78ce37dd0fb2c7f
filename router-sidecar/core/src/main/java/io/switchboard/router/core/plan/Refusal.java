package io.switchboard.router.core.plan;

/**
 * The request is refused before routing (budget rejected, unknown or unsupported model): no expert
 * is involved and no strategy learns from it.
 *
 * @param status HTTP status
 * @param type OpenAI error type
 * @param code OpenAI error code
 * @param message human-readable message
 * @param retryAfterSeconds {@code Retry-After}, 0 for none
 */
public record Refusal(int status, String type, String code, String message, long retryAfterSeconds)
    implements PlanOutcome {}
