/**
 * Usage and cost accounting per expert, policy and tenant.
 *
 * <p>Token counts come from the upstream {@code usage} object (for streams, the final chunk when
 * {@code stream_options.include_usage} is on). When an upstream sends no usage, counts are
 * estimated by {@link io.switchboard.router.core.accounting.TokenEstimator}: UTF-8 bytes / 4,
 * rounded up — the usual rule of thumb for English BPE tokenizers (about 4 characters per token) —
 * and the record is flagged {@code estimated}, so that dashboards and the operator can tell
 * measured from estimated spend.
 */
package io.switchboard.router.core.accounting;
