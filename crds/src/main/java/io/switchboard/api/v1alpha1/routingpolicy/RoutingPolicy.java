package io.switchboard.api.v1alpha1.routingpolicy;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** How requests to one virtual model are routed across the experts of a pool. */
@Group("switchboard.io")
@Version("v1alpha1")
@ShortNames({"rpol", "rp"})
@Categories("switchboard")
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Pool",
    jsonPath = ".spec.poolRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Experts",
    jsonPath = ".status.activeExpertCount",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Ready experts the routers may use")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Cost/1k",
    jsonPath = ".status.routing.costPer1kRequestsUsd",
    type = AdditionalPrinterColumn.Type.NUMBER,
    priority = 1,
    getDescription = "USD per 1,000 requests, recent window")
@AdditionalPrinterColumn(
    name = "Quality",
    jsonPath = ".status.routing.qualityEstimate",
    type = AdditionalPrinterColumn.Type.NUMBER,
    priority = 1,
    getDescription = "Mean quality grade (feedback, judge), recent window")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class RoutingPolicy extends CustomResource<RoutingPolicySpec, RoutingPolicyStatus>
    implements Namespaced {}
