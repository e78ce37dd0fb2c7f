/**
 * Small building blocks shared by several strategies and the evaluation: atomic file writes,
 * standard normal draws.
 */
package io.switchboard.router.core.support;
