package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.vth.api.v1alpha1.EndpointSpec;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client-facing endpoint of an attachment: a Service without selector in the hub's namespace
 * and an operator-managed EndpointSlice listing the pods of the attachment's shard.
 */
public final class AttachmentEndpoints {

  /** The label naming the Service an EndpointSlice belongs to. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /** The label naming who manages an EndpointSlice. */
  public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";

  /** Component label of these objects. */
  public static final String COMPONENT = "endpoint";

  private AttachmentEndpoints() {}

  /** The Service name of {@code attachment} on {@code hub}. */
  public static String serviceName(VirtualTrafficHub hub, HubAttachment attachment) {
    return serviceName(hub.getMetadata().getName(), attachment);
  }

  /** The Service name of {@code attachment} on the hub named {@code hubName}. */
  public static String serviceName(String hubName, HubAttachment attachment) {
    return ObjectNames.attachmentService(
        hubName, attachment.getMetadata().getNamespace(), attachment.getMetadata().getName());
  }

  /** The labels of both objects: hub and attachment. */
  public static Map<String, String> labels(VirtualTrafficHub hub, HubAttachment attachment) {
    Map<String, String> labels = CellLabels.common(hub.getMetadata().getName(), COMPONENT);
    labels.put(CellLabels.HUB, hub.getMetadata().getName());
    labels.put(CellLabels.ATTACHMENT_NAMESPACE, attachment.getMetadata().getNamespace());
    labels.put(CellLabels.ATTACHMENT_NAME, attachment.getMetadata().getName());
    return labels;
  }

  /**
   * The type of the hub's attachment Services: the hub's {@code spec.endpoint.serviceType}, else
   * the operator's setting.
   */
  public static String serviceType(VirtualTrafficHub hub, OperatorSettings settings) {
    EndpointSpec e = hub.getSpec() == null ? null : hub.getSpec().endpoint;
    return e != null && e.serviceType != null
        ? e.serviceType.name()
        : settings.endpointServiceType();
  }

  /**
   * The attachment's Service: VXLAN on UDP {@value CellLabels#VXLAN_PORT}, owned by the hub. A
   * NodePort or LoadBalancer Service sends only to pods on the node that received the packet
   * ({@code externalTrafficPolicy: Local}), so the packets keep the network's tunnel address as
   * their source, which the dataplane pods check.
   */
  public static Service service(
      VirtualTrafficHub hub, HubAttachment attachment, OperatorSettings settings) {
    String type = serviceType(hub, settings);
    EndpointSpec e = hub.getSpec() == null ? null : hub.getSpec().endpoint;
    Map<String, String> annotations =
        e == null || e.annotations == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(e.annotations);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(serviceName(hub, attachment))
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(labels(hub, attachment))
        .withAnnotations(annotations)
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .withExternalTrafficPolicy(type.equals("ClusterIP") ? null : "Local")
        .addNewPort()
        .withName("vxlan")
        .withProtocol("UDP")
        .withPort(CellLabels.VXLAN_PORT)
        .withTargetPort(new IntOrString(CellLabels.VXLAN_PORT))
        .endPort()
        .endSpec()
        .build();
  }

  /**
   * The EndpointSlice of the attachment's Service listing {@code shard} (pods without an IP yet are
   * left out; the address type follows the first pod's IP).
   */
  public static EndpointSlice endpointSlice(
      VirtualTrafficHub hub, HubAttachment attachment, List<ShardCandidate> shard) {
    String service = serviceName(hub, attachment);
    List<ShardCandidate> withIp = shard.stream().filter(p -> p.ip() != null).toList();
    String type = withIp.isEmpty() || !withIp.get(0).ip().contains(":") ? "IPv4" : "IPv6";
    List<Endpoint> endpoints = new ArrayList<>();
    for (ShardCandidate p : withIp) {
      if (p.ip().contains(":") != type.equals("IPv6")) {
        continue;
      }
      endpoints.add(
          new EndpointBuilder()
              .withAddresses(p.ip())
              .withNewConditions()
              .withReady(p.ready())
              .withServing(p.ready())
              .withTerminating(false)
              .endConditions()
              .withNodeName(p.node())
              .withZone(p.zone())
              .withNewTargetRef()
              .withKind("Pod")
              .withName(p.name())
              .withNamespace(hub.getMetadata().getNamespace())
              .endTargetRef()
              .build());
    }
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(ObjectNames.attachmentEndpointSlice(service))
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(labels(hub, attachment))
        .addToLabels(SERVICE_NAME_LABEL, service)
        .addToLabels(MANAGED_BY_LABEL, CellLabels.MANAGER)
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withAddressType(type)
        .withEndpoints(endpoints)
        .addNewPort()
        .withName("vxlan")
        .withProtocol("UDP")
        .withPort(CellLabels.VXLAN_PORT)
        .endPort()
        .build();
  }
}
