package io.switchboard.router.config;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Shadow evaluation: the policy's mode serves every request; on a sample of them a second mode also
 * decides, and the router records how the two compare (agreement, would-be cost, quality from
 * feedback). Clients never see the shadow's choice.
 *
 * @param mode the mode evaluated in shadow (its parameter block is {@code params.<mode>}); must
 *     differ from the policy's mode
 * @param samplePercent share of strategy-routed requests the shadow also decides, 0..100 (default
 *     100)
 * @param mirror also send a sampled request to the shadow's expert when it differs from the served
 *     one, after the client has its answer, so the would-be cost is measured rather than estimated;
 *     these calls are real spend, booked to tenant {@code shadow-mirror} (default false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShadowParams(Mode mode, Double samplePercent, Boolean mirror) {

  /** The tenant mirrored calls are booked to in the usage ledger and cost metrics. */
  public static final String MIRROR_TENANT = "shadow-mirror";

  public ShadowParams {
    samplePercent = samplePercent == null ? 100.0 : samplePercent;
    mirror = mirror == null ? Boolean.FALSE : mirror;
  }
}
