package io.switchboard.router.core.calibration;

/** Maps a raw predicted quality in [0, 1] to a calibrated one in [0, 1]. */
@FunctionalInterface
public interface QualityCalibrator {

  double calibrate(double raw);

  /** Leaves predictions as they are (the predictor was already calibrated enough). */
  static QualityCalibrator identity() {
    return raw -> raw;
  }
}
