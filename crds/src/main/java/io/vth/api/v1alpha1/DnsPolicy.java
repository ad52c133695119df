package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** DNS across the networks of a hub, with answers translated for the asking network. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("vdns")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(
    name = "Hub",
    jsonPath = ".spec.hubRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DnsPolicy extends CustomResource<DnsPolicySpec, DnsPolicyStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("How the hub serves DNS across its networks.")
  public DnsPolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Whether the policy is in effect.")
  public DnsPolicyStatus getStatus() {
    return super.getStatus();
  }
}
