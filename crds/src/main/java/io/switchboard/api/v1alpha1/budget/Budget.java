package io.switchboard.api.v1alpha1.budget;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Spend and SLO limits of a namespace's routing policies. */
@Group("switchboard.io")
@Version("v1alpha1")
@ShortNames({"sbbudget", "sbb"})
@Categories("switchboard")
@AdditionalPrinterColumn(
    name = "Period",
    jsonPath = ".spec.period",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Spent USD",
    jsonPath = ".status.spentUsd",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Limit USD",
    jsonPath = ".spec.limits.usd",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Enforcement",
    jsonPath = ".spec.enforcement.action",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Exceeded",
    jsonPath = ".status.conditions[?(@.type==\"Exceeded\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Tokens",
    jsonPath = ".status.spentTokens",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Budget extends CustomResource<BudgetSpec, BudgetStatus> implements Namespaced {}
