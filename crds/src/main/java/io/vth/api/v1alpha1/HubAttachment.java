package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An isolated network attached to a hub; it lives in the namespace that owns the network. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("vtha")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(
    name = "Hub",
    jsonPath = ".spec.hubRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Domain",
    jsonPath = ".spec.routingDomain",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "CIDRs",
    jsonPath = ".spec.cidrs",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "VNI",
    jsonPath = ".status.vni",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class HubAttachment extends CustomResource<HubAttachmentSpec, HubAttachmentStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("What the network owner asks for.")
  public HubAttachmentSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed of the attachment.")
  public HubAttachmentStatus getStatus() {
    return super.getStatus();
  }
}
