package io.switchboard.templates;

/**
 * Where model weights are cached, mounted at {@value #MOUNT_PATH} with {@code HF_HOME} pointing
 * there.
 *
 * @param pvcName existing PersistentVolumeClaim to mount (shared across restarts); {@code null} =
 *     emptyDir
 * @param emptyDirSize size limit of the emptyDir used when there is no PVC, e.g. {@code 200Gi};
 *     {@code null} = no limit
 * @param preload download the weights in an init container before the engine starts, so that the
 *     engine's startup probe only covers loading from local disk
 */
public record ModelCache(String pvcName, String emptyDirSize, boolean preload) {

  public static final String MOUNT_PATH = "/models";

  public static ModelCache pvc(String claimName, boolean preload) {
    return new ModelCache(claimName, null, preload);
  }

  public static ModelCache emptyDir(String sizeLimit) {
    return new ModelCache(null, sizeLimit, false);
  }
}
