package io.switchboard.api.v1alpha1.common;

/** Name patterns shared by the model; they mirror Kubernetes' own name validation. */
public final class Names {
  /** RFC 1123 label: expert names become parts of Deployment and Service names. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** RFC 1123 subdomain, for references to other objects. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** Expert names are short enough that "<pool>-<expert>" still fits a Service name (63). */
  public static final int EXPERT_NAME_MAX = 30;

  private Names() {}
}
