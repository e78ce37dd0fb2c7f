/**
 * Calibration of predicted quality: how far a predictor's probabilities are from the observed
 * frequencies ({@link CalibrationError}, expected calibration error over equal-width bins, Naeini
 * et al. 2015; Guo et al., "On calibration of modern neural networks", 2017), and the two standard
 * post-hoc maps fitted on out-of-fold predictions: {@link IsotonicMap} (pool-adjacent-violators,
 * Zadrozny and Elkan 2002) and {@link PlattMap} (a logistic fit on the logit, Platt 1999). Plain
 * Java, shared by the trainer, the router and the offline evaluation.
 */
package io.switchboard.router.core.calibration;
