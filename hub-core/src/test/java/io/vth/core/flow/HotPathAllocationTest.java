package io.vth.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.packet.AddressRewrite;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Ipv6ExtensionHeaders;
import io.vth.core.packet.PacketStatus;
import io.vth.core.packet.TestPackets;
import io.vth.core.packet.Udp;
import io.vth.core.packet.Vxlan;
import io.vth.core.packet.VxlanEncapsulation;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-packet path (decapsulate, check, key, rewrite) allocates nothing. */
class HotPathAllocationTest {

  private final Ethernet ethernet = new Ethernet();
  private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();
  private final FlowKeyExtractor extractor = new FlowKeyExtractor();
  private final FlowKey key = new FlowKey();
  private final byte[] v6Address = TestPackets.address6(0x77);

  @Test
  void decapsulatingKeyingAndRewritingDoNotAllocate() {
    byte[] inner = TestPackets.ipv4(IpProtocol.UDP, 1, 2, TestPackets.udp(1000, 53, new byte[40]));
    byte[] frame = TestPackets.ethernet(1, 2, new int[0], Ethernet.TYPE_IPV4, inner);
    byte[] v6 =
        TestPackets.ipv6(
            IpProtocol.TCP,
            TestPackets.address6(1),
            TestPackets.address6(2),
            TestPackets.tcp(1, 2, 0, new byte[0]),
            new int[] {IpProtocol.HOP_BY_HOP},
            0);
    byte[] packet = new byte[VxlanEncapsulation.OVERHEAD + frame.length];
    VxlanEncapsulation.writeIpv4(packet, 0, 9, 10, 50000, 42, frame, 0, frame.length);
    for (int i = 0; i < 20_000; i++) {
      onePacket(packet, v6, i);
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long sum = 0;

    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 10_000; i++) {
      sum += onePacket(packet, v6, i);
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;

    assertThat(sum).isPositive();
    assertThat(allocated).isLessThan(1024);
  }

  private int onePacket(byte[] packet, byte[] v6, int i) {
    int ok = 0;
    if (Ipv4.check(packet, 0, packet.length) == PacketStatus.OK
        && Udp.check(packet, 20, packet.length - 20) == PacketStatus.OK
        && Vxlan.check(packet, 28, packet.length - 28) == PacketStatus.OK
        && ethernet.parse(packet, 36, packet.length - 36) == PacketStatus.OK) {
      int ip = ethernet.payloadOffset();
      int len = ethernet.payloadLength();
      if (extractor.extract(packet, ip, len, Vxlan.vni(packet, 28), key) == PacketStatus.OK) {
        ok += key.dstPort();
      }
      AddressRewrite.ipv4Destination(packet, ip, len, i);
    }
    if (extractor.extract(v6, 0, v6.length, 7, key) == PacketStatus.OK
        && chain.parse(v6, 0) == PacketStatus.OK) {
      AddressRewrite.ipv6Source(v6, 0, chain, v6.length, v6Address, 0);
      ok += key.srcPort();
    }
    return ok;
  }
}
