package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A 1:1 translation of an attachment's real addresses to the range other networks see. */
@Group(ApiConstants.GROUP)
@Version(ApiConstants.VERSION)
@ShortNames("vtm")
@Categories(ApiConstants.CATEGORY)
@AdditionalPrinterColumn(
    name = "Attachment",
    jsonPath = ".spec.attachmentRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "From",
    jsonPath = ".spec.mappings[*].from",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "To",
    jsonPath = ".spec.mappings[*].to",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Origin",
    jsonPath = ".spec.origin",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TranslationMapping
    extends CustomResource<TranslationMappingSpec, TranslationMappingStatus> implements Namespaced {

  @Override
  @JsonPropertyDescription("The translation asked for.")
  public TranslationMappingSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Whether the mapping is in use.")
  public TranslationMappingStatus getStatus() {
    return super.getStatus();
  }
}
