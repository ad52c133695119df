package io.vth.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.vth.api.v1alpha1.CellSpec;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicySpec;
import io.vth.api.v1alpha1.DnsRecord;
import io.vth.api.v1alpha1.DnsZone;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentSpec;
import io.vth.api.v1alpha1.NodeCount;
import io.vth.api.v1alpha1.ObjectRef;
import io.vth.api.v1alpha1.RoutingDomain;
import io.vth.api.v1alpha1.ShuffleShardSpec;
import io.vth.api.v1alpha1.TunnelSpec;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.api.v1alpha1.VirtualTrafficHubSpec;
import io.vth.operator.model.CellLabels;
import java.util.ArrayList;
import java.util.List;

/** Builders of test resources: hubs, attachments, DNS policies and dataplane pods. */
public final class Fixtures {

  private Fixtures() {}

  /** A hub {@code namespace/name} over {@code zones} with 2 dataplane pods per zone, shard 3/1. */
  public static VirtualTrafficHub hub(String namespace, String name, String... zones) {
    VirtualTrafficHub hub = new VirtualTrafficHub();
    hub.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    VirtualTrafficHubSpec spec = new VirtualTrafficHubSpec();
    spec.cell = new CellSpec();
    spec.cell.zones = zones.length == 0 ? null : List.of(zones);
    spec.cell.actionNodes = new NodeCount(2, 1, 16);
    spec.cell.decisionNodes = new NodeCount(1, 1, 4);
    spec.cell.shuffleShard = new ShuffleShardSpec();
    spec.cell.shuffleShard.size = 3;
    spec.cell.shuffleShard.maxOverlap = 1;
    hub.setSpec(spec);
    return hub;
  }

  /** {@code hub} with routing domains named {@code names}. */
  public static VirtualTrafficHub withDomains(VirtualTrafficHub hub, String... names) {
    hub.getSpec().routingDomains = new ArrayList<>();
    for (String n : names) {
      RoutingDomain d = new RoutingDomain();
      d.name = n;
      hub.getSpec().routingDomains.add(d);
    }
    return hub;
  }

  /**
   * An attachment {@code namespace/name} of hub {@code hubNamespace/hubName} with {@code cidrs}.
   */
  public static HubAttachment attachment(
      String namespace, String name, String hubNamespace, String hubName, String... cidrs) {
    HubAttachment a = new HubAttachment();
    a.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    HubAttachmentSpec spec = new HubAttachmentSpec();
    spec.hubRef = new ObjectRef(hubName, hubNamespace);
    spec.routingDomain = "default";
    spec.cidrs = List.of(cidrs);
    spec.tunnel = new TunnelSpec();
    spec.tunnel.remote = "10.254.0." + (Math.abs(name.hashCode()) % 200 + 10);
    spec.tunnel.port = 4789;
    a.setSpec(spec);
    return a;
  }

  /** {@code a} in routing domain {@code domain}. */
  public static HubAttachment inDomain(HubAttachment a, String domain) {
    a.getSpec().routingDomain = domain;
    return a;
  }

  /** A ready dataplane pod of {@code cell} in {@code zone} with IP {@code ip}. */
  public static Pod dataplanePod(
      String namespace, String cell, String zone, String name, String ip) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels(CellLabels.podSelector(cell, CellLabels.ROLE_DATAPLANE, zone))
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-" + zone)
        .addNewContainer()
        .withName("dataplane")
        .withImage("dataplane")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ip)
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  /**
   * A DNS policy {@code namespace/name} of hub {@code hubName} (in the policy's namespace) in
   * {@code mode}, shared by {@code attachments} (none: every attachment).
   */
  public static DnsPolicy dnsPolicy(
      String namespace,
      String name,
      String hubName,
      DnsPolicySpec.Mode mode,
      String... attachments) {
    DnsPolicy p = new DnsPolicy();
    p.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    DnsPolicySpec spec = new DnsPolicySpec();
    spec.hubRef = new ObjectRef(hubName, null);
    spec.mode = mode;
    spec.attachments = attachments.length == 0 ? null : new ArrayList<>(List.of(attachments));
    spec.zones = new ArrayList<>();
    spec.records = new ArrayList<>();
    spec.ttlSeconds = 30;
    p.setSpec(spec);
    return p;
  }

  /** {@code p} with zone {@code domain} answered by {@code attachment}. */
  public static DnsPolicy withZone(DnsPolicy p, String domain, String attachment) {
    DnsZone z = new DnsZone();
    z.domain = domain;
    z.attachment = attachment;
    p.getSpec().zones.add(z);
    return p;
  }

  /** {@code p} with record {@code name} of {@code attachment} at {@code addresses}. */
  public static DnsPolicy withRecord(
      DnsPolicy p, String name, String attachment, String... addresses) {
    DnsRecord r = new DnsRecord();
    r.name = name;
    r.attachment = attachment;
    r.addresses = List.of(addresses);
    p.getSpec().records.add(r);
    return p;
  }

  /** {@code a} with {@code spec.dnsServers}. */
  public static HubAttachment withDnsServers(HubAttachment a, String... servers) {
    a.getSpec().dnsServers = List.of(servers);
    return a;
  }
}
