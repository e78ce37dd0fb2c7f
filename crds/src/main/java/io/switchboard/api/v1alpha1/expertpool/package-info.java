/**
 * The {@code ExpertPool} custom resource (switchboard.io/v1alpha1): the experts a policy routes
 * across and how they are served.
 *
 * <p>{@code Capabilities} shares its simple name with {@code io.switchboard.router.config
 * .Capabilities}, the router-config form the operator renders from it, and {@code Parallelism} with
 * {@code io.switchboard.templates.Parallelism}, the resolved layout the pod templates are built
 * from: the same concept on either side of the operator, told apart by package.
 */
package io.switchboard.api.v1alpha1.expertpool;
