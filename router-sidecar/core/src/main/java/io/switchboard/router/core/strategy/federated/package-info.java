/**
 * {@code federated} routing mode: local decisions by the policy's {@code localMode}; with the
 * {@code bandit} local mode, routers in several clusters share only differentially private
 * aggregates of the LinUCB sufficient statistics ({@link
 * io.switchboard.router.core.strategy.federated.FederatedBandit}), with per-round and total epsilon
 * accounting ({@link io.switchboard.router.core.strategy.federated.PrivacyAccountant}); peers'
 * pools take requests when every local expert is saturated ({@link
 * io.switchboard.router.core.strategy.federated.FederatedStrategy}). The HTTP exchange lives in the
 * router app; this package is plain Java.
 */
package io.switchboard.router.core.strategy.federated;
