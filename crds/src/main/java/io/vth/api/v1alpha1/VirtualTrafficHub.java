package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A virtual traffic hub: connects attached networks inside routing domains. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("vth")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Zones",
    jsonPath = ".status.cell.zones[*].zone",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Attachments",
    jsonPath = ".status.attachments",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Config",
    jsonPath = ".status.configGeneration",
    type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class VirtualTrafficHub
    extends CustomResource<VirtualTrafficHubSpec, VirtualTrafficHubStatus> implements Namespaced {

  @Override
  @JsonPropertyDescription("What the hub owner asks for.")
  public VirtualTrafficHubSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed of the hub.")
  public VirtualTrafficHubStatus getStatus() {
    return super.getStatus();
  }
}
