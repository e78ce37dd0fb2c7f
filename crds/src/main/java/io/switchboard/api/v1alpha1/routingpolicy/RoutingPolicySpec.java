package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.LocalRef;
import io.switchboard.api.v1alpha1.common.Names;
import java.util.List;

/**
 * A routing policy. CEL rules check what one object can show (a mode's parameters present, names
 * consistent with {@code experts}); the operator checks references into the pool and reports a
 * {@code Valid} condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.mode != 'cascade' || has(self.cascade)",
    message = "mode cascade requires spec.cascade",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "self.mode != 'llm' || has(self.llm)",
    message = "mode llm requires spec.llm (the router expert)",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "self.mode != 'federated' || has(self.federated)",
    message = "mode federated requires spec.federated (peers and privacy budget)",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "self.mode != 'classifier' || has(self.classifier)",
    message = "mode classifier requires spec.classifier (trained model and threshold)",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "self.mode != 'weighted' || has(self.weighted)",
    message = "mode weighted requires spec.weighted",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "!has(self.shadow) || self.shadow.mode != self.mode",
    message = "shadow.mode must differ from mode")
@ValidationRule(
    value =
        "!has(self.shadow) || ((self.shadow.mode != 'cascade' || has(self.cascade))"
            + " && (self.shadow.mode != 'llm' || has(self.llm))"
            + " && (self.shadow.mode != 'federated' || has(self.federated))"
            + " && (self.shadow.mode != 'classifier' || has(self.classifier))"
            + " && (self.shadow.mode != 'weighted' || has(self.weighted)))",
    message = "shadow.mode requires its parameter block spec.<mode>, like mode does",
    reason = "FieldValueRequired")
@ValidationRule(
    value =
        "!has(self.classifier) || !has(self.classifier.expertModels) || !has(self.experts) "
            + "|| self.classifier.expertModels.all(m, m.expert in self.experts)",
    message = "every classifier.expertModels entry must name an expert listed in spec.experts",
    fieldPath = ".classifier.expertModels")
@ValidationRule(
    value = "!has(self.fallback) || !has(self.experts) || self.fallback.all(f, f in self.experts)",
    message = "every fallback entry must name an expert listed in spec.experts",
    fieldPath = ".fallback")
@ValidationRule(
    value =
        "!has(self.cascade) || !has(self.cascade.order) || !has(self.experts) "
            + "|| self.cascade.order.all(f, f in self.experts)",
    message = "every cascade.order entry must name an expert listed in spec.experts",
    fieldPath = ".cascade.order")
@ValidationRule(
    value =
        "!has(self.weighted) || !has(self.experts) || self.weighted.weights.all(w, w.expert in self.experts)",
    message = "every weighted.weights entry must name an expert listed in spec.experts",
    fieldPath = ".weighted.weights")
@ValidationRule(
    value =
        "!has(self.classifier) || !has(self.classifier.targetQuality) || !has(self.experts)"
            + " || !has(self.classifier.targetQuality.referenceExpert)"
            + " || self.classifier.targetQuality.referenceExpert in self.experts",
    message = "classifier.targetQuality.referenceExpert must name an expert listed in spec.experts",
    fieldPath = ".classifier.targetQuality.referenceExpert")
@ValidationRule(
    value = "!has(self.llm) || !has(self.experts) || self.llm.routerExpert in self.experts",
    message = "llm.routerExpert must name an expert listed in spec.experts",
    fieldPath = ".llm.routerExpert")
@ValidationRule(
    value = "!has(self.experts) || self.experts.all(x, self.experts.exists_one(y, y == x))",
    message = "spec.experts entries must be unique",
    fieldPath = ".experts")
@ValidationRule(
    value = "!has(self.fallback) || self.fallback.all(x, self.fallback.exists_one(y, y == x))",
    message = "spec.fallback entries must be unique",
    fieldPath = ".fallback")
public record RoutingPolicySpec(
    @Required
        @JsonPropertyDescription(
            "The ExpertPool (same namespace) whose experts this policy routes to.")
        LocalRef poolRef,
    @Required @JsonPropertyDescription("Routing mode.") RoutingMode mode,
    @Size(max = 63)
        @Pattern("^[A-Za-z0-9][-A-Za-z0-9_.:/]*$")
        @JsonPropertyDescription(
            "Model name clients send to use this policy; defaults to the policy's name.")
        String virtualModel,
    @Size(max = 32)
        @JsonPropertyDescription(
            "Experts of the pool this policy may use; all of the pool when absent.")
        List<@Size(max = Names.EXPERT_NAME_MAX) String> experts,
    @Default("true")
        @JsonPropertyDescription(
            "Honour requests whose model field names a concrete expert of this policy.")
        Boolean allowDirectExpertSelection,
    CascadeParams cascade,
    BanditParams bandit,
    LlmRouterParams llm,
    FederatedParams federated,
    CapabilityParams capability,
    ClassifierParams classifier,
    WeightedParams weighted,
    @JsonPropertyDescription("Prompt encoder of the modes that embed the prompt.")
        EmbeddingSpec embedding,
    @JsonPropertyDescription(
            "Weights of quality, cost and latency in the reward learning modes maximise.")
        RewardWeights rewardWeights,
    @Size(max = 8)
        @JsonPropertyDescription(
            "Experts tried in order when the chosen one fails before any byte reached the client.")
        List<@Size(max = Names.EXPERT_NAME_MAX) String> fallback,
    RetryPolicy retries,
    Timeouts timeouts,
    @JsonPropertyDescription("Evaluate a second mode on live traffic without acting on it.")
        ShadowSpec shadow,
    @JsonPropertyDescription("How routers run: injected sidecars or a gateway Deployment.")
        RouterDeployment router,
    @JsonPropertyDescription("Budget (same namespace) whose enforcement applies to this policy.")
        LocalRef budgetRef,
    @JsonPropertyDescription(
            "Tenants and their API keys. Absent: keys are required and none is valid, so the"
                + " routers refuse every request until tenants are listed or required is false.")
        AuthSpec auth) {}
