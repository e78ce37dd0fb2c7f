package io.switchboard.operator.expertpool;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.switchboard.api.v1alpha1.expertpool.ExpertPool;
import java.util.Objects;

/** The pool's NetworkPolicy over its expert pods; present only while {@link NetworkPolicyOn}. */
@KubernetesDependent(informer = @Informer(labelSelector = ExpertWorkloads.POOL_LABEL))
public class ExpertNetworkPolicyDependent
    extends CRUDKubernetesDependentResource<NetworkPolicy, ExpertPool> {

  @Override
  protected NetworkPolicy desired(ExpertPool pool, Context<ExpertPool> context) {
    return RenderedExperts.of(context).networkPolicy();
  }

  /**
   * Also compares the rules exactly: the matcher used without server-side apply ignores what only
   * the live object has, so a peer dropped from the desired rules would never be removed.
   */
  @Override
  public Matcher.Result<NetworkPolicy> match(
      NetworkPolicy actual,
      NetworkPolicy desired,
      ExpertPool primary,
      Context<ExpertPool> context) {
    boolean matched =
        super.match(actual, desired, primary, context).matched()
            && Objects.equals(actual.getSpec(), desired.getSpec());
    return Matcher.Result.computed(matched, desired);
  }
}
