package io.vth.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.operator.model.CellLabels;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /**
   * Whether an update of an attachment changes anything the hub's plan reads from it: its spec, its
   * deletion, or the allocations its status records ({@code vni}, {@code gateway.address}, {@code
   * shard}, which the planner keeps stable). Conditions, propagated routes and the other status
   * fields are outputs of the plan, so an update that only changes those (the operator's own status
   * writes) does not concern the other attachments, the hub or its DNS policies. Symmetric, so the
   * order of the two does not matter.
   */
  static boolean planInputChanged(HubAttachment a, HubAttachment b) {
    if (a == null || b == null) {
      return true;
    }
    if (!Objects.equals(a.getMetadata().getGeneration(), b.getMetadata().getGeneration())
        || !Objects.equals(
            a.getMetadata().getDeletionTimestamp(), b.getMetadata().getDeletionTimestamp())
        || !Objects.equals(
            a.getMetadata().getCreationTimestamp(), b.getMetadata().getCreationTimestamp())) {
      return true;
    }
    HubAttachmentStatus sa = a.getStatus();
    HubAttachmentStatus sb = b.getStatus();
    if (!Objects.equals(sa == null ? null : sa.vni, sb == null ? null : sb.vni)
        || !Objects.equals(gateway(sa), gateway(sb))
        || !Objects.equals(shard(sa), shard(sb))) {
      return true;
    }
    // The spec itself, in case a server does not move metadata.generation on a spec change.
    return !Serialization.asJson(a.getSpec()).equals(Serialization.asJson(b.getSpec()));
  }

  private static String gateway(HubAttachmentStatus s) {
    return s == null || s.gateway == null ? null : s.gateway.address;
  }

  private static List<String> shard(HubAttachmentStatus s) {
    return s == null ? null : s.shard;
  }

  /** The id of {@code object}. */
  static ResourceID resourceId(HasMetadata object) {
    return ResourceID.fromResource(object);
  }
}
