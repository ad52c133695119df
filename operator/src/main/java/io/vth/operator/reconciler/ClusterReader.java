package io.vth.operator.reconciler;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.ObjectRef;
import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.operator.model.CellLabels;
import io.vth.operator.model.ShardCandidate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what the planner needs straight from the API server, so that allocations are decided on the
 * newest statuses rather than on a cache that may lag behind another reconciler's write.
 */
@ApplicationScoped
public class ClusterReader {

  private final KubernetesClient client;

  ClusterReader(KubernetesClient client) {
    this.client = client;
  }

  /** The hub named by {@code ref} from an object in {@code namespace}, or null. */
  public VirtualTrafficHub hub(String namespace, ObjectRef ref) {
    return client
        .resources(VirtualTrafficHub.class)
        .inNamespace(hubNamespace(namespace, ref))
        .withName(ref.name)
        .get();
  }

  /** The namespace of the hub {@code ref} names from an object in {@code namespace}. */
  public static String hubNamespace(String namespace, ObjectRef ref) {
    return ref.namespace == null ? namespace : ref.namespace;
  }

  /** Whether attachment {@code a} references hub {@code namespace/name}. */
  public static boolean references(HubAttachment a, String namespace, String name) {
    if (a.getSpec() == null || a.getSpec().hubRef == null) {
      return false;
    }
    ObjectRef ref = a.getSpec().hubRef;
    return name.equals(ref.name)
        && namespace.equals(hubNamespace(a.getMetadata().getNamespace(), ref));
  }

  /** Every attachment, in any namespace, that references {@code hub}. */
  public List<HubAttachment> attachmentsOf(VirtualTrafficHub hub) {
    String ns = hub.getMetadata().getNamespace();
    String name = hub.getMetadata().getName();
    return client.resources(HubAttachment.class).inAnyNamespace().list().getItems().stream()
        .filter(a -> references(a, ns, name))
        .toList();
  }

  /** Every translation mapping, in any namespace, whose {@code hubRef} names {@code hub}. */
  public List<TranslationMapping> mappingsOf(VirtualTrafficHub hub) {
    String ns = hub.getMetadata().getNamespace();
    String name = hub.getMetadata().getName();
    return client.resources(TranslationMapping.class).inAnyNamespace().list().getItems().stream()
        .filter(m -> m.getSpec() != null && m.getSpec().hubRef != null)
        .filter(
            m ->
                name.equals(m.getSpec().hubRef.name)
                    && ns.equals(hubNamespace(m.getMetadata().getNamespace(), m.getSpec().hubRef)))
        .toList();
  }

  /**
   * The DNS policies in the hub's own namespace whose {@code hubRef} names {@code hub} (policies
   * elsewhere are never honoured, so the plan does not need them).
   */
  public List<DnsPolicy> dnsPoliciesOf(VirtualTrafficHub hub) {
    String ns = hub.getMetadata().getNamespace();
    String name = hub.getMetadata().getName();
    return client.resources(DnsPolicy.class).inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getSpec() != null && p.getSpec().hubRef != null)
        .filter(
            p ->
                name.equals(p.getSpec().hubRef.name)
                    && ns.equals(hubNamespace(ns, p.getSpec().hubRef)))
        .toList();
  }

  /** The dataplane pods of {@code cell} in {@code namespace} that are not going away. */
  public List<ShardCandidate> dataplanePods(String namespace, String cell) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabels(CellLabels.roleSelector(cell, CellLabels.ROLE_DATAPLANE))
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() == null || !isFinished(p.getStatus().getPhase()))
        .map(ClusterReader::candidate)
        .toList();
  }

  /** The distinct zones named by nodes' {@value CellLabels#TOPOLOGY_ZONE} labels. */
  public Set<String> nodeZones() {
    Set<String> zones = new TreeSet<>();
    for (Node n : client.nodes().list().getItems()) {
      Map<String, String> labels = n.getMetadata().getLabels();
      if (labels != null && labels.get(CellLabels.TOPOLOGY_ZONE) != null) {
        zones.add(labels.get(CellLabels.TOPOLOGY_ZONE));
      }
    }
    return zones;
  }

  /**
   * The address by which a remote network reaches each node: its ExternalIP when it has one, else
   * its InternalIP; by node name.
   */
  public Map<String, String> nodeAddresses() {
    Map<String, String> out = new HashMap<>();
    for (Node n : client.nodes().list().getItems()) {
      if (n.getStatus() == null || n.getStatus().getAddresses() == null) {
        continue;
      }
      String internal = null;
      String external = null;
      for (NodeAddress a : n.getStatus().getAddresses()) {
        if ("ExternalIP".equals(a.getType()) && external == null) {
          external = a.getAddress();
        } else if ("InternalIP".equals(a.getType()) && internal == null) {
          internal = a.getAddress();
        }
      }
      String address = external != null ? external : internal;
      if (address != null) {
        out.put(n.getMetadata().getName(), address);
      }
    }
    return out;
  }

  /**
   * Labels of the namespaces of {@code attachments}, read only when the hub's sharing uses a
   * namespace selector (nothing else needs them).
   */
  public Map<String, Map<String, String>> namespaceLabels(
      VirtualTrafficHub hub, List<HubAttachment> attachments) {
    boolean selector =
        hub.getSpec() != null
            && hub.getSpec().sharing != null
            && hub.getSpec().sharing.namespaceSelector != null;
    Map<String, Map<String, String>> out = new HashMap<>();
    if (!selector) {
      return out;
    }
    Set<String> namespaces = new TreeSet<>();
    attachments.forEach(a -> namespaces.add(a.getMetadata().getNamespace()));
    for (String ns : namespaces) {
      Namespace n = client.namespaces().withName(ns).get();
      if (n != null && n.getMetadata().getLabels() != null) {
        out.put(ns, n.getMetadata().getLabels());
      }
    }
    return out;
  }

  /** Ready replicas of each Deployment of {@code cell} in {@code namespace}, by name. */
  public Map<String, Integer> readyReplicas(String namespace, String cell) {
    Map<String, Integer> ready = new HashMap<>();
    for (Deployment d :
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(CellLabels.CELL, cell)
            .list()
            .getItems()) {
      Integer r = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
      ready.put(d.getMetadata().getName(), r == null ? 0 : r);
    }
    return ready;
  }

  private static boolean isFinished(String phase) {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static ShardCandidate candidate(Pod p) {
    boolean ready =
        p.getStatus() != null
            && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    Map<String, String> labels = Objects.requireNonNullElse(p.getMetadata().getLabels(), Map.of());
    return new ShardCandidate(
        p.getMetadata().getName(),
        p.getStatus() == null ? null : p.getStatus().getPodIP(),
        labels.get(CellLabels.ZONE),
        p.getSpec() == null ? null : p.getSpec().getNodeName(),
        ready);
  }
}
