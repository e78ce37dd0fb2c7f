/**
 * The router's versioned config schema ({@link io.switchboard.router.config.RouterConfig},
 * documented in router-sidecar/CONFIG.md), its JSON codec and validator, and the encoder spec a
 * trained classifier model must match ({@link io.switchboard.router.config.ClassifierModelHeader}).
 * Plain Java and Jackson only: the operator renders configs with it without carrying the router's
 * strategies, embedding model or evaluation CLI.
 *
 * <p>Many records here share their simple name with a type of the {@code RoutingPolicy} or {@code
 * ExpertPool} CRD ({@code BanditParams}, {@code CascadeParams}, {@code RetryPolicy}, {@code
 * RewardWeights}, {@code Timeouts}, ...; see {@code io.switchboard.api.v1alpha1.routingpolicy}).
 * That is deliberate: each pair is one concept, the CRD type as a user writes it and the type here
 * as the router reads it, defaults filled in; the package says which side a name belongs to. Types
 * the router core derives from these (e.g. {@code strategy.bandit.RewardFunction} from {@link
 * io.switchboard.router.config.RewardWeights}) have names of their own.
 */
package io.switchboard.router.config;
