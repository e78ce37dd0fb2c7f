/**
 * The {@code RoutingPolicy} custom resource (switchboard.io/v1alpha1): what a user writes.
 *
 * <p>Several types here share their simple name with the router config the operator renders from
 * them ({@code BanditParams}, {@code CapabilityParams}, {@code CascadeParams}, {@code
 * ClassifierParams}, {@code FederatedParams}, {@code RetryPolicy}, {@code RewardWeights}, {@code
 * Timeouts}, {@code WeightedParams} in {@code io.switchboard.router.config}). That is deliberate:
 * each pair is the same concept on the two sides of the operator, the CRD type with Kubernetes
 * conventions (optional fields, durations as strings) and the router-config type with the router's
 * defaults filled in, and the package says which side a name belongs to. Code that reads both (the
 * operator's {@code RouterConfigRenderer}) imports one side's types and reaches the other's through
 * the spec's accessors.
 */
package io.switchboard.api.v1alpha1.routingpolicy;
