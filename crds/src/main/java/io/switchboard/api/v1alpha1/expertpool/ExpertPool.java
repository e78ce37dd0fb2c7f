package io.switchboard.api.v1alpha1.expertpool;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The experts a namespace serves: self-hosted GPU models, MoE models, external APIs, simulated
 * experts.
 */
@Group("switchboard.io")
@Version("v1alpha1")
@ShortNames({"xpool", "xp"})
@Categories("switchboard")
@AdditionalPrinterColumn(
    name = "Experts",
    jsonPath = ".status.readySummary",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Ready experts / experts")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Load Gini",
    jsonPath = ".status.loadGini",
    type = AdditionalPrinterColumn.Type.NUMBER,
    priority = 1,
    getDescription = "Gini coefficient of traffic across experts (0 = even)")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ExpertPool extends CustomResource<ExpertPoolSpec, ExpertPoolStatus>
    implements Namespaced {}
