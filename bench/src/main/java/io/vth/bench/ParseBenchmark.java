package io.vth.bench;

import io.vth.core.flow.FlowKey;
import io.vth.core.flow.FlowKeyExtractor;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.PacketStatus;
import io.vth.core.packet.Vxlan;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ingress parse of one VXLAN datagram payload (what the UDP socket hands the dataplane pod):
 * VXLAN check, inner Ethernet parse, inner IPv4 check with its header checksum, flow key extraction
 * (UDP ports). {@code hubCore} uses hub-core's codecs; {@code byteBuffer} is the same checks
 * written the obvious way over a {@link ByteBuffer}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class ParseBenchmark {

  /** Length of the inner Ethernet frame; the datagram adds the 8-byte VXLAN header. */
  @Param({"64", "1400"})
  public int frameLength;

  private byte[] datagram;
  private final Ethernet ethernet = new Ethernet();
  private final FlowKeyExtractor extractor = new FlowKeyExtractor();
  private final FlowKey key = new FlowKey();

  @Setup(Level.Trial)
  public void prepare() {
    datagram = Packets.vxlanUdp(frameLength, 7001);
    if (hubCore() != key.hash64() || byteBuffer() != key.hash64()) {
      throw new IllegalStateException("a parser rejected the packet or keyed it differently");
    }
  }

  @Benchmark
  public long hubCore() {
    byte[] buf = datagram;
    int len = buf.length;
    if (Vxlan.check(buf, 0, len) != PacketStatus.OK) {
      return -1;
    }
    int vni = Vxlan.vni(buf, 0);
    if (ethernet.parse(buf, Vxlan.HEADER_LENGTH, len - Vxlan.HEADER_LENGTH) != PacketStatus.OK
        || ethernet.etherType() != Ethernet.TYPE_IPV4) {
      return -2;
    }
    int ip = ethernet.payloadOffset();
    int ipLen = ethernet.payloadLength();
    if (Ipv4.check(buf, ip, ipLen) != PacketStatus.OK) {
      return -3;
    }
    if (extractor.extract(buf, ip, ipLen, vni, key) != PacketStatus.OK) {
      return -4;
    }
    return key.hash64();
  }

  @Benchmark
  public long byteBuffer() {
    ByteBuffer b = ByteBuffer.wrap(datagram);
    if (b.remaining() < 8 || b.get(0) != 0x08 || (b.getInt(0) & 0xffffff) != 0 || b.get(7) != 0) {
      return -1;
    }
    int vni = b.getInt(4) >>> 8;
    int ip = 8 + 14;
    if (b.limit() < ip || b.getShort(8 + 12) != 0x0800) {
      return -2;
    }
    int ipLen = b.limit() - ip;
    if (ipLen < 20 || (b.get(ip) & 0xff) >>> 4 != 4) {
      return -3;
    }
    int ihl = (b.get(ip) & 0x0f) * 4;
    int total = b.getShort(ip + 2) & 0xffff;
    if (ihl < 20 || ihl > ipLen || total < ihl || total > ipLen) {
      return -3;
    }
    int sum = 0;
    for (int i = 0; i < ihl; i += 2) {
      sum += b.getShort(ip + i) & 0xffff;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    if (sum != 0xffff) {
      return -3;
    }
    int protocol = b.get(ip + 9) & 0xff;
    int src = b.getInt(ip + 12);
    int dst = b.getInt(ip + 16);
    if ((b.getShort(ip + 6) & 0x1fff) != 0) {
      key.setIpv4(vni, protocol, src, dst, 0, 0).markNonFirstFragment();
      return key.hash64();
    }
    if (protocol != 17 || total - ihl < 8) {
      return -4;
    }
    int udp = ip + ihl;
    key.setIpv4(vni, protocol, src, dst, b.getShort(udp) & 0xffff, b.getShort(udp + 2) & 0xffff);
    return key.hash64();
  }
}
