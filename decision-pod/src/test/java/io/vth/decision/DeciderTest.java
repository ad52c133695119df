package io.vth.decision;

import static io.vth.decision.Figure21.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.action.DropReason;
import io.vth.core.addr.IpAddress;
import io.vth.core.flow.FlowKey;
import org.junit.jupiter.api.Test;

/** Route lookup within the source's routing domain, drops with reasons, and translations. */
class DeciderTest {

  private final DecisionTables tables = DecisionTables.compile(Figure21.config(1));

  private static FlowKey tcp(int vni, String src, String dst) {
    return new FlowKey().setIpv4(vni, 6, ip(src), ip(dst), 40000, 80);
  }

  @Test
  void aFlowGoesToTheAttachmentOfTheLongestMatch() {
    Decision d = Decider.decide(tables, tcp(Figure21.VNI_B, "10.10.1.10", "21.12.1.7"));
    assertThat(d.forwards()).isTrue();
    assertThat(d.egress().name()).isEqualTo("demo/c");
    assertThat(d.source()).isNull();
    assertThat(d.destination()).isNull();
  }

  @Test
  void noRouteBlackholeAndUnknownVniAreDropsWithTheirReasons() {
    assertThat(Decider.decide(tables, tcp(Figure21.VNI_B, "10.10.1.10", "8.8.8.8")).drop())
        .isEqualTo(DropReason.NO_ROUTE);
    assertThat(Decider.decide(tables, tcp(Figure21.VNI_B, "10.10.1.10", "10.99.3.4")).drop())
        .isEqualTo(DropReason.BLACKHOLE);
    assertThat(Decider.decide(tables, tcp(4242, "10.10.1.10", "21.12.1.7")).drop())
        .isEqualTo(DropReason.UNKNOWN_VNI);
  }

  @Test
  void routesNeverCrossARoutingDomain() {
    assertThat(
            Decider.decide(tables, tcp(Figure21.VNI_OTHER_DOMAIN, "172.16.1.5", "10.10.1.10"))
                .drop())
        .isEqualTo(DropReason.NO_ROUTE);
    assertThat(Decider.decide(tables, tcp(Figure21.VNI_B, "10.10.1.10", "172.16.1.5")).drop())
        .isEqualTo(DropReason.NO_ROUTE);
  }

  @Test
  void aTranslatedNetworkIsReachedByItsTranslatedRangeAndLeavesTranslated() {
    Decision toA = Decider.decide(tables, tcp(Figure21.VNI_B, "10.10.1.10", "100.64.7.10"));
    assertThat(toA.egress().name()).isEqualTo("demo/a");
    assertThat(toA.destination().translate(IpAddress.parse("100.64.7.10")))
        .isEqualTo(IpAddress.parse("192.168.1.10"));

    Decision fromA = Decider.decide(tables, tcp(Figure21.VNI_A, "192.168.1.10", "10.10.1.10"));
    assertThat(fromA.egress().name()).isEqualTo("demo/b");
    assertThat(fromA.source().translate(IpAddress.parse("192.168.1.10")))
        .isEqualTo(IpAddress.parse("100.64.7.10"));
  }

  @Test
  void ipv6DestinationsAreLookedUpInTheIpv6Table() {
    FlowKey key =
        new FlowKey()
            .setIpv6(Figure21.VNI_C, 17, 0xfd000000000c0000L, 1, 0xfd00000b00000000L, 5, 1, 2);
    assertThat(Decider.decide(tables, key).egress().name()).isEqualTo("demo/b");
  }
}
