package io.vth.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.operator.model.CellLabels;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** How events on one kind map to the hubs and attachments they concern. */
final class Mapping {

  private Mapping() {}

  /** The hub an attachment references. */
  static Set<ResourceID> hubOf(HubAttachment a) {
    if (a.getSpec() == null || a.getSpec().hubRef == null) {
      return Set.of();
    }
    return Set.of(
        new ResourceID(
            a.getSpec().hubRef.name,
            ClusterReader.hubNamespace(a.getMetadata().getNamespace(), a.getSpec().hubRef)));
  }

  /** The hub a translation mapping references. */
  static Set<ResourceID> hubOf(TranslationMapping m) {
    if (m.getSpec() == null || m.getSpec().hubRef == null) {
      return Set.of();
    }
    return Set.of(
        new ResourceID(
            m.getSpec().hubRef.name,
            ClusterReader.hubNamespace(m.getMetadata().getNamespace(), m.getSpec().hubRef)));
  }

  /** The hub a DNS policy references. */
  static Set<ResourceID> hubOf(DnsPolicy p) {
    if (p.getSpec() == null || p.getSpec().hubRef == null) {
      return Set.of();
    }
    return Set.of(
        new ResourceID(
            p.getSpec().hubRef.name,
            ClusterReader.hubNamespace(p.getMetadata().getNamespace(), p.getSpec().hubRef)));
  }

  /** Every DNS policy in {@code cache} that references one of {@code hubs}. */
  static Set<ResourceID> policiesOf(Set<ResourceID> hubs, IndexerResourceCache<DnsPolicy> cache) {
    return cache
        .list(p -> hubOf(p).stream().anyMatch(hubs::contains))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The hub whose cell a pod or Deployment belongs to (the cell of a Dedicated hub is the hub). */
  static Set<ResourceID> hubOfCell(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String cell = labels == null ? null : labels.get(CellLabels.CELL);
    return cell == null
        ? Set.of()
        : Set.of(new ResourceID(cell, object.getMetadata().getNamespace()));
  }

  /** Every attachment in {@code cache} that references one of {@code hubs}. */
  static Set<ResourceID> attachmentsOf(
      Set<ResourceID> hubs, IndexerResourceCache<HubAttachment> cache) {
    return cache
        .list(
            a ->
                hubs.stream()
                    .anyMatch(
                        h -> ClusterReader.references(a, h.getNamespace().orElse(""), h.getName())))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The attachment an endpoint Service serves, from its labels. */
  static Set<ResourceID> attachmentOfEndpoint(HasMetadata service) {
    Map<String, String> labels = service.getMetadata().getLabels();
    String ns = labels == null ? null : labels.get(CellLabels.ATTACHMENT_NAMESPACE);
    String name = labels == null ? null : labels.get(CellLabels.ATTACHMENT_NAME);
    return ns == null || name == null ? Set.of() : Set.of(new ResourceID(name, ns));
  }

  /** The id of {@code object}. */
  static ResourceID resourceId(HasMetadata object) {
    return ResourceID.fromResource(object);
  }
}
