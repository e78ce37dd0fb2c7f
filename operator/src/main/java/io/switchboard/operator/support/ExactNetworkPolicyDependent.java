package io.switchboard.operator.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.Objects;

/**
 * A NetworkPolicy dependent whose rules must match the desired ones exactly: the matcher used
 * without server-side apply ignores what only the live object has, so a peer dropped from the
 * desired rules would never be removed.
 */
public abstract class ExactNetworkPolicyDependent<P extends HasMetadata>
    extends CRUDKubernetesDependentResource<NetworkPolicy, P> {

  protected ExactNetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  public Matcher.Result<NetworkPolicy> match(
      NetworkPolicy actual, NetworkPolicy desired, P primary, Context<P> context) {
    boolean matched =
        super.match(actual, desired, primary, context).matched()
            && Objects.equals(actual.getSpec(), desired.getSpec());
    return Matcher.Result.computed(matched, desired);
  }
}
