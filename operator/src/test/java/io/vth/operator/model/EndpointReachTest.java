package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.vth.api.v1alpha1.EndpointSpec;
import io.vth.operator.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a network reaches its attachment, per Service type. */
class EndpointReachTest {

  private static final OperatorSettings SETTINGS =
      new OperatorSettings("d:1", "p:1", "IfNotPresent", "ClusterIP");

  private static final List<ShardCandidate> SHARD =
      List.of(
          new ShardCandidate("dp-1", "10.244.1.5", "a", "node-1", false),
          new ShardCandidate("dp-2", "10.244.2.5", "b", "node-2", true),
          new ShardCandidate("dp-3", "10.244.3.5", "b", "node-3", true));

  private static final Map<String, String> NODES =
      Map.of("node-1", "192.0.2.1", "node-2", "192.0.2.2", "node-3", "192.0.2.3");

  @Test
  void aLoadBalancerIsReachedAtItsIngressOnceItHasOne() {
    Service s = service("LoadBalancer", null);
    assertThat(EndpointReach.of(s, SHARD, NODES).reachable()).isFalse();
    assertThat(EndpointReach.of(s, SHARD, NODES).pending())
        .contains("LoadBalancer Service net/corp-team-a-vpc has no address yet");

    s.setStatus(
        new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("198.51.100.7")
            .endIngress()
            .endLoadBalancer()
            .build());
    assertThat(EndpointReach.of(s, SHARD, NODES)).isEqualTo(EndpointReach.at("198.51.100.7", 4789));
  }

  @Test
  void aNodePortIsReachedOnTheNodeOfTheFirstReadyPodOfTheShard() {
    Service s = service("NodePort", 31789);

    assertThat(EndpointReach.of(s, SHARD, NODES)).isEqualTo(EndpointReach.at("192.0.2.2", 31789));
    List<ShardCandidate> noneReady =
        SHARD.stream()
            .map(p -> new ShardCandidate(p.name(), p.ip(), p.zone(), p.node(), false))
            .toList();
    assertThat(EndpointReach.of(s, noneReady, NODES).pending())
        .contains("no ready dataplane pod of the shard");
  }

  @Test
  void aClusterIpIsReachedInsideTheClusterAtItsAddress() {
    Service s = service("ClusterIP", null);
    s.getSpec().setClusterIP("10.96.0.42");
    assertThat(EndpointReach.of(s, SHARD, NODES)).isEqualTo(EndpointReach.at("10.96.0.42", 4789));
    s.getSpec().setClusterIP(null);
    assertThat(EndpointReach.of(s, SHARD, NODES).address()).isEqualTo("corp-team-a-vpc.net.svc");
  }

  @Test
  void theHubChoosesItsServiceTypeAndExternalOnesKeepTheSourceAddress() {
    var hub = Fixtures.hub("net", "corp", "a");
    var attachment = Fixtures.attachment("team-a", "vpc", "net", "corp", "10.1.0.0/16");
    assertThat(AttachmentEndpoints.service(hub, attachment, SETTINGS).getSpec().getType())
        .isEqualTo("ClusterIP");
    assertThat(
            AttachmentEndpoints.service(hub, attachment, SETTINGS)
                .getSpec()
                .getExternalTrafficPolicy())
        .isNull();

    hub.getSpec().endpoint = new EndpointSpec();
    hub.getSpec().endpoint.serviceType = EndpointSpec.ServiceType.LoadBalancer;
    hub.getSpec().endpoint.annotations = Map.of("example.com/lb-type", "nlb");
    Service lb = AttachmentEndpoints.service(hub, attachment, SETTINGS);
    assertThat(lb.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(lb.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
    assertThat(lb.getMetadata().getAnnotations()).containsEntry("example.com/lb-type", "nlb");
  }

  private static Service service(String type, Integer nodePort) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("corp-team-a-vpc")
        .withNamespace("net")
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .addNewPort()
        .withName("vxlan")
        .withProtocol("UDP")
        .withPort(4789)
        .withNodePort(nodePort)
        .endPort()
        .endSpec()
        .build();
  }
}
