package io.vth.dataplane;

import static io.vth.dataplane.Frames.HOST_MAC;
import static io.vth.dataplane.Frames.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig;
import io.vth.core.dns.DnsHeader;
import io.vth.core.dns.DnsMessage;
import io.vth.core.dns.DnsName;
import io.vth.core.dns.DnsQuestion;
import io.vth.core.dns.DnsRecord;
import io.vth.core.dns.DnsResponses;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.packet.Checksum;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.L4Checksum;
import io.vth.core.packet.Tcp;
import io.vth.core.packet.Udp;
import io.vth.pod.PodIdentity;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS over TCP on the gateway, driven with crafted segments: stateless handshake, a query in one or
 * several segments, answers larger than 512 bytes in MSS-sized segments, forwarded zones with a
 * larger EDNS buffer, FIN, RST, retransmissions, the bounded connection table and bad segments.
 */
class DnsTcpTest {

  static final int A = DnsServiceTest.A;
  static final int B = DnsServiceTest.B;
  static final String CLIENT = DnsServiceTest.CLIENT;
  static final String GATEWAY = "169.254.0.1";

  private final DataplaneState state = new DataplaneState(PodIdentity.of("corp", "dp-0"));
  private final Loopback net = new Loopback();
  private PacketWorker worker;
  private long now = System.nanoTime();

  /** The policy of {@link DnsServiceTest}, plus "big.corp": 100 addresses of A itself. */
  static DecisionConfig config(String mode, List<String> shared) {
    DecisionConfig base = DnsServiceTest.config(mode, shared);
    DecisionConfig.Hub hub = base.hubs().get(0);
    DecisionConfig.Dns dns = hub.dns();
    List<DecisionConfig.DnsRecord> records = new ArrayList<>(dns.records());
    records.add(
        new DecisionConfig.DnsRecord(
            "big.corp", "t/a", IntStream.range(1, 101).mapToObj(i -> "10.1.7." + i).toList()));
    DecisionConfig.Dns bigger =
        new DecisionConfig.Dns(
            dns.mode(), dns.ttlSeconds(), dns.attachments(), dns.zones(), records, dns.upstreams());
    DecisionConfig.Hub h =
        new DecisionConfig.Hub(
            hub.name(), hub.domains(), hub.attachments(), hub.translations(), bigger);
    return new DecisionConfig(base.schemaVersion(), base.generation(), base.cell(), List.of(h));
  }

  @BeforeEach
  void start() {
    worker = new PacketWorker(state, net, 1024);
    net.worker = worker;
    state.accept(config("Endpoint", List.of()));
    state.neighbors().learn(B, ip(DnsServiceTest.SERVER), DnsServiceTest.SERVER_MAC);
  }

  // ------------------------------------------------------------------------------ a test client

  /** A segment the hub sent, decoded. */
  record Seg(int vni, int dst, int dstPort, int seq, int ack, int flags, int window, byte[] data) {}

  static byte[] segment(
      String src, int srcPort, int seq, int ack, int flags, byte[] options, byte[] payload) {
    return segment(src, srcPort, seq, ack, flags, 64240, options, payload);
  }

  static byte[] segment(
      String src,
      int srcPort,
      int seq,
      int ack,
      int flags,
      int window,
      byte[] options,
      byte[] payload) {
    int hl = 20 + options.length;
    byte[] p = new byte[20 + hl + payload.length];
    Ipv4.writeHeader(p, 0, p.length, 1, 0, 64, IpProtocol.TCP, ip(src), ip(GATEWAY));
    Tcp.writeHeader(p, 20, srcPort, 53, seq, ack, flags, window);
    p[32] = (byte) ((hl / 4) << 4);
    System.arraycopy(options, 0, p, 40, options.length);
    System.arraycopy(payload, 0, p, 20 + hl, payload.length);
    L4Checksum.writeIpv4(p, 0, IpProtocol.TCP, 20, hl + payload.length);
    return p;
  }

  private void fromA(byte[] ip) {
    byte[] d = Frames.vxlan(A, DnsServiceTest.GW_MAC_A, HOST_MAC, Ethernet.TYPE_IPV4, ip);
    worker.onTunnel(d, 0, d.length, DnsServiceTest.REMOTE_A, now);
  }

  /** TCP segments the hub sent since {@code from}; every checksum verified. */
  private List<Seg> sentSince(int from) {
    List<Seg> out = new ArrayList<>();
    for (Loopback.Sent s : net.tunnel.subList(from, net.tunnel.size())) {
      byte[] ip = Arrays.copyOfRange(s.datagram(), s.ipOffset(), s.datagram().length);
      if (Ipv4.protocol(ip, 0) != IpProtocol.TCP) {
        continue;
      }
      assertThat(Checksum.compute(ip, 0, 20)).as("IPv4 header checksum").isZero();
      int tcpLength = Ipv4.totalLength(ip, 0) - 20;
      assertThat(Tcp.verifyIpv4(ip, 0, 20, tcpLength)).as("TCP checksum").isTrue();
      assertThat(Ipv4.source(ip, 0)).isEqualTo(ip(GATEWAY));
      assertThat(Tcp.sourcePort(ip, 20)).isEqualTo(53);
      int hl = Tcp.headerLength(ip, 20);
      out.add(
          new Seg(
              s.vni(),
              Ipv4.destination(ip, 0),
              Tcp.destinationPort(ip, 20),
              Tcp.sequence(ip, 20),
              Tcp.acknowledgement(ip, 20),
              Tcp.flags(ip, 20),
              Tcp.window(ip, 20),
              Arrays.copyOfRange(ip, 20 + hl, 20 + tcpLength)));
      if ((Tcp.flags(ip, 20) & Tcp.SYN) != 0) {
        assertThat(hl).as("SYN-ACK with an MSS option").isEqualTo(24);
        assertThat(ip[40]).isEqualTo((byte) 2);
        assertThat(Checksum.read16(ip, 42)).isEqualTo(DnsTcp.OWN_MSS);
      }
    }
    return out;
  }

  static byte[] mss(int mss) {
    return new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss};
  }

  static byte[] framed(byte[] dns) {
    byte[] out = new byte[2 + dns.length];
    out[0] = (byte) (dns.length >>> 8);
    out[1] = (byte) dns.length;
    System.arraycopy(dns, 0, out, 2, dns.length);
    return out;
  }

  /** One client connection from CLIENT. */
  final class Conn {
    final int port;
    final int isn;
    int serverIsn;
    int nextSeq;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    int rcvNext;
    int window = 64240;
    boolean finSeen;

    Conn(int port, int isn) {
      this.port = port;
      this.isn = isn;
      this.nextSeq = isn + 1;
    }

    Seg syn(int mss) {
      int mark = net.tunnel.size();
      fromA(segment(CLIENT, port, isn, 0, Tcp.SYN, mss > 0 ? mss(mss) : new byte[0], new byte[0]));
      List<Seg> got = sentSince(mark);
      assertThat(got).hasSize(1);
      return got.get(0);
    }

    Conn connect(int mss) {
      Seg synAck = syn(mss);
      assertThat(synAck.flags()).isEqualTo(Tcp.SYN | Tcp.ACK);
      assertThat(synAck.ack()).isEqualTo(isn + 1);
      assertThat(synAck.dst()).isEqualTo(ip(CLIENT));
      assertThat(synAck.dstPort()).isEqualTo(port);
      serverIsn = synAck.seq();
      rcvNext = serverIsn + 1;
      send(Tcp.ACK, new byte[0]);
      return this;
    }

    /** Sends from the client's next sequence number; returns what the hub sent back. */
    List<Seg> send(int flags, byte[] payload) {
      return sendAt(nextSeq, flags, payload);
    }

    List<Seg> sendAt(int seq, int flags, byte[] payload) {
      int mark = net.tunnel.size();
      fromA(segment(CLIENT, port, seq, rcvNext, flags, window, new byte[0], payload));
      if (seq == nextSeq) {
        nextSeq += payload.length + ((flags & Tcp.FIN) != 0 ? 1 : 0);
      }
      List<Seg> got = sentSince(mark);
      take(got);
      return got;
    }

    /** Takes in-order data and the FIN; acknowledges nothing by itself. */
    void take(List<Seg> segs) {
      for (Seg s : segs) {
        if (s.dstPort() != port) {
          continue;
        }
        if (s.seq() == rcvNext && s.data().length > 0) {
          received.writeBytes(s.data());
          rcvNext += s.data().length;
        }
        if ((s.flags() & Tcp.FIN) != 0 && s.seq() == rcvNext) {
          rcvNext += 1;
          finSeen = true;
        }
      }
    }

    /** The length-prefixed answer received so far, decoded. */
    DnsMessage answer() {
      byte[] r = received.toByteArray();
      assertThat(r.length).isGreaterThanOrEqualTo(2);
      int len = ((r[0] & 0xff) << 8) | (r[1] & 0xff);
      assertThat(r.length).as("length prefix and message").isEqualTo(2 + len);
      return DnsMessage.parse(r, 2, len).orElseThrow();
    }
  }

  static byte[] query(int id, String name) {
    return DnsServiceTest.query(id, name, DnsRewriter.TYPE_A);
  }

  private static List<String> addresses(DnsMessage m) {
    return m.answers().stream().map(r -> r.address().getHostAddress()).toList();
  }

  // ------------------------------------------------------------------------------ tests

  @Test
  void aQueryOverTcpIsAnsweredThenBothSidesClose() {
    Conn c = new Conn(40001, 1000).connect(1460);
    assertThat(state.dns().tcpCount(DnsTcp.Event.ACCEPTED)).isEqualTo(1);
    assertThat(state.dns().tcpOpen()).isEqualTo(1);

    List<Seg> got = c.send(Tcp.PSH | Tcp.ACK, framed(query(4711, "api.corp")));

    assertThat(got).hasSize(2);
    assertThat(got.get(0).flags()).isEqualTo(Tcp.PSH | Tcp.ACK);
    assertThat(got.get(0).ack()).as("acknowledges the query").isEqualTo(c.nextSeq);
    assertThat(got.get(0).seq()).isEqualTo(c.serverIsn + 1);
    assertThat(got.get(1).flags()).isEqualTo(Tcp.FIN | Tcp.ACK);
    assertThat(c.finSeen).isTrue();
    DnsMessage m = c.answer();
    assertThat(m.id()).isEqualTo(4711);
    assertThat(addresses(m)).containsExactly("100.64.1.20");
    assertThat(state.dns().count(DnsService.Result.ANSWERED)).isEqualTo(1);

    List<Seg> last = c.send(Tcp.FIN | Tcp.ACK, new byte[0]);
    assertThat(last).hasSize(1);
    assertThat(last.get(0).flags()).isEqualTo(Tcp.ACK);
    assertThat(last.get(0).ack()).isEqualTo(c.nextSeq);
    assertThat(state.dns().tcpCount(DnsTcp.Event.CLOSED)).isEqualTo(1);

    // A retransmitted FIN (the ACK was lost) is acknowledged again; then the connection goes.
    List<Seg> again = c.sendAt(c.nextSeq - 1, Tcp.FIN | Tcp.ACK, new byte[0]);
    assertThat(again).extracting(Seg::flags).containsExactly(Tcp.ACK);
    now += DnsTcp.TIME_WAIT_NANOS + 1;
    worker.tick(now);
    assertThat(state.dns().tcpOpen()).isZero();
  }

  @Test
  void aLargeRecordSetIsTruncatedOverUdpButWholeOverTcpInMssSizedSegments() {
    byte[] udp = DnsServiceTest.udp(CLIENT, 5353, GATEWAY, 53, query(7, "big.corp"));
    int mark = net.tunnel.size();
    fromA(udp);
    Loopback.Sent s = net.tunnel.get(mark);
    byte[] ip = Arrays.copyOfRange(s.datagram(), s.ipOffset(), s.datagram().length);
    DnsMessage overUdp = DnsMessage.parse(ip, 28, Udp.length(ip, 20) - 8).orElseThrow();
    assertThat(overUdp.isTruncated()).isTrue();

    Conn c = new Conn(40002, -5).connect(600);
    List<Seg> got = c.send(Tcp.PSH | Tcp.ACK, framed(query(8, "big.corp")));

    List<Seg> data = got.stream().filter(x -> x.data().length > 0).toList();
    assertThat(data.size()).isGreaterThan(1);
    assertThat(data).allSatisfy(x -> assertThat(x.data().length).isLessThanOrEqualTo(536));
    DnsMessage m = c.answer();
    assertThat(m.isTruncated()).isFalse();
    assertThat(addresses(m)).hasSize(100).contains("10.1.7.1", "10.1.7.100");
  }

  @Test
  void theAnswerStaysWithinTheClientsWindowAndGoesOnAsItIsAcknowledged() {
    Conn c = new Conn(40020, 11).connect(1460);
    c.window = 1000;
    List<Seg> first = c.send(Tcp.PSH | Tcp.ACK, framed(query(1, "big.corp")));
    assertThat(first.stream().mapToInt(x -> x.data().length).sum()).isEqualTo(1000);
    assertThat(c.finSeen).isFalse();

    for (int i = 0; i < 10 && !c.finSeen; i++) {
      c.send(Tcp.ACK, new byte[0]);
    }

    assertThat(c.finSeen).isTrue();
    assertThat(addresses(c.answer())).hasSize(100);
  }

  @Test
  void aLateAcknowledgementAfterARetransmissionIsTaken() {
    Conn c = new Conn(40021, 12).connect(1460);
    c.send(Tcp.PSH | Tcp.ACK, framed(query(1, "api.corp")));
    now += DnsTcp.RTO_NANOS + 1;
    worker.tick(now);
    // The client had everything: it acknowledges the data and the FIN, and closes.
    List<Seg> got = c.send(Tcp.FIN | Tcp.ACK, new byte[0]);
    assertThat(got).extracting(Seg::flags).containsExactly(Tcp.ACK);
    assertThat(got.get(0).seq()).isEqualTo(c.rcvNext);
    assertThat(state.dns().tcpCount(DnsTcp.Event.CLOSED)).isEqualTo(1);
  }

  @Test
  void aQuerySplitOverSegmentsIsReassembled() {
    Conn c = new Conn(40003, 77).connect(1460);
    byte[] q = framed(query(9, "API.corp"));

    assertThat(c.send(Tcp.ACK, Arrays.copyOfRange(q, 0, 1)))
        .extracting(Seg::flags)
        .containsExactly(Tcp.ACK);
    assertThat(c.send(Tcp.ACK, Arrays.copyOfRange(q, 1, 10)))
        .extracting(Seg::flags)
        .containsExactly(Tcp.ACK);
    // Out of order: a duplicate ACK, the bytes are not taken.
    List<Seg> dup = c.sendAt(c.nextSeq + 5, Tcp.ACK, Arrays.copyOfRange(q, 15, q.length));
    assertThat(dup).extracting(Seg::ack).containsExactly(c.nextSeq);
    c.send(Tcp.PSH | Tcp.ACK, Arrays.copyOfRange(q, 10, q.length));

    assertThat(addresses(c.answer())).containsExactly("100.64.1.20");
    assertThat(c.finSeen).isTrue();
  }

  @Test
  void aZoneIsForwardedWithALargerEdnsBufferAndItsAnswerComesBackTranslated() throws Exception {
    Conn c = new Conn(40004, 123).connect(1460);
    int mark = net.tunnel.size();
    c.send(Tcp.PSH | Tcp.ACK, framed(query(99, "db.b.internal")));

    List<Loopback.Sent> toB =
        net.tunnel.subList(mark, net.tunnel.size()).stream().filter(x -> x.vni() == B).toList();
    assertThat(toB).hasSize(1);
    Loopback.Sent out = toB.get(0);
    byte[] ip = Arrays.copyOfRange(out.datagram(), out.ipOffset(), out.datagram().length);
    assertThat(Ipv4.protocol(ip, 0)).isEqualTo(IpProtocol.UDP);
    DnsMessage forwarded = DnsMessage.parse(ip, 28, Udp.length(ip, 20) - 8).orElseThrow();
    assertThat(forwarded.additionals()).hasSize(1);
    DnsRecord opt = forwarded.additionals().get(0);
    assertThat(opt.type()).isEqualTo(41);
    assertThat(opt.dnsClass()).as("EDNS UDP payload size").isEqualTo(DnsService.FORWARD_EDNS_SIZE);
    assertThat(c.received.size()).as("nothing yet").isZero();

    DnsName name = forwarded.questions().get(0).name();
    DnsMessage reply =
        DnsResponses.answer(
                forwarded,
                List.of(
                    DnsRecord.a(name, 300, (Inet4Address) InetAddress.getByName("192.168.1.7"))))
            .withRecords(
                List.of(
                    DnsRecord.a(name, 300, (Inet4Address) InetAddress.getByName("192.168.1.7"))),
                List.of(),
                List.of(opt));
    byte[] answer =
        DnsServiceTest.udp(
            DnsServiceTest.SERVER, 53, "169.254.0.5", Udp.sourcePort(ip, 20), reply.encode());
    int before = net.tunnel.size();
    byte[] d =
        Frames.vxlan(
            B, DnsServiceTest.GW_MAC_B, DnsServiceTest.SERVER_MAC, Ethernet.TYPE_IPV4, answer);
    worker.onTunnel(d, 0, d.length, DnsServiceTest.REMOTE_B, now);
    c.take(sentSince(before));

    DnsMessage m = c.answer();
    assertThat(m.id()).isEqualTo(99);
    assertThat(addresses(m)).containsExactly("100.64.1.7");
    assertThat(m.answers().get(0).ttl()).as("capped").isEqualTo(30);
    assertThat(m.additionals()).as("the OPT the hub added is taken out").isEmpty();
    assertThat(c.finSeen).isTrue();
    assertThat(state.dns().count(DnsService.Result.RELAYED)).isEqualTo(1);
  }

  @Test
  void anOptTheClientSentIsRaisedNotDuplicated() {
    DnsMessage q =
        DnsMessage.query(5, new DnsQuestion(DnsName.of("x.b.internal"), DnsRewriter.TYPE_A, 1))
            .withRecords(
                List.of(),
                List.of(),
                List.of(new DnsRecord(DnsName.of("."), 41, 512, 0, new byte[0])));
    byte[] raised = DnsService.withEdnsSize(q.encode(), 1232);
    DnsMessage m = DnsMessage.parse(raised, 0, raised.length).orElseThrow();
    assertThat(m.additionals()).hasSize(1);
    assertThat(m.additionals().get(0).dnsClass()).isEqualTo(1232);

    byte[] plain = query(6, "x.b.internal");
    byte[] added = DnsService.withEdnsSize(plain, 1232);
    assertThat(added.length).isEqualTo(plain.length + 11);
    assertThat(DnsService.withoutEdns(added, 0, added.length)).isEqualTo(plain.length);
    assertThat(DnsHeader.count(added, 0, 3)).isZero();
  }

  @Test
  void aRetransmittedSynGetsTheSameSynAckAndARetransmittedQueryNoSecondAnswer() {
    Conn c = new Conn(40005, 9000);
    Seg first = c.syn(1460);
    Seg second = c.syn(1460);
    assertThat(second.seq()).isEqualTo(first.seq());
    assertThat(state.dns().tcpOpen()).as("no state before the handshake").isZero();
    c.connect(1460);
    byte[] q = framed(query(1, "api.corp"));
    c.send(Tcp.PSH | Tcp.ACK, q);
    int answers = c.received.size();

    List<Seg> again = c.sendAt(c.isn + 1, Tcp.PSH | Tcp.ACK, q);

    assertThat(again).extracting(Seg::flags).containsExactly(Tcp.ACK);
    assertThat(c.received.size()).isEqualTo(answers);
    assertThat(state.dns().count(DnsService.Result.ANSWERED)).isEqualTo(1);
  }

  @Test
  void unacknowledgedDataIsSentAgainThenTheConnectionIsResetWhenIdle() {
    Conn c = new Conn(40006, 1).connect(1460);
    c.send(Tcp.PSH | Tcp.ACK, framed(query(1, "api.corp")));

    int mark = net.tunnel.size();
    now += DnsTcp.RTO_NANOS + 1;
    worker.tick(now);
    List<Seg> resent = sentSince(mark);
    assertThat(resent).extracting(Seg::seq).first().isEqualTo(c.serverIsn + 1);
    assertThat(resent).extracting(Seg::flags).contains(Tcp.FIN | Tcp.ACK);

    mark = net.tunnel.size();
    now += DnsTcp.IDLE_NANOS + 1;
    worker.tick(now);
    assertThat(sentSince(mark)).extracting(Seg::flags).containsExactly(Tcp.RST | Tcp.ACK);
    assertThat(state.dns().tcpCount(DnsTcp.Event.TIMEOUT)).isEqualTo(1);
    assertThat(state.dns().tcpOpen()).isZero();
  }

  @Test
  void aResetFromTheClientClosesTheConnection() {
    Conn c = new Conn(40007, 50).connect(1460);
    byte[] q = framed(query(1, "api.corp"));
    c.send(Tcp.ACK, Arrays.copyOfRange(q, 0, 3));
    // A reset outside the window is ignored (RFC 5961), one at the next sequence number taken.
    assertThat(c.sendAt(c.nextSeq + 100_000, Tcp.RST, new byte[0])).isEmpty();
    assertThat(state.dns().tcpOpen()).isEqualTo(1);
    assertThat(c.send(Tcp.RST, new byte[0])).isEmpty();
    assertThat(state.dns().tcpOpen()).isZero();
    assertThat(state.dns().tcpCount(DnsTcp.Event.RESET_BY_CLIENT)).isEqualTo(1);
    // The rest of its query belongs to no connection: a reset.
    List<Seg> after = c.send(Tcp.PSH | Tcp.ACK, Arrays.copyOfRange(q, 3, q.length));
    assertThat(after).extracting(Seg::flags).containsExactly(Tcp.RST);
    assertThat(state.dns().count(DnsService.Result.ANSWERED)).isZero();
  }

  @Test
  void badSegmentsAreRefusedOrDroppedAndServingGoesOn() {
    // An ACK with a forged cookie: reset, no connection.
    int mark = net.tunnel.size();
    fromA(segment(CLIENT, 40008, 5, 0x12345678, Tcp.ACK, new byte[0], new byte[0]));
    assertThat(sentSince(mark)).extracting(Seg::flags).containsExactly(Tcp.RST);
    assertThat(state.dns().tcpOpen()).isZero();
    assertThat(state.dns().tcpCount(DnsTcp.Event.REFUSED)).isEqualTo(1);

    // A bad checksum: dropped without an answer.
    byte[] syn = segment(CLIENT, 40009, 5, 0, Tcp.SYN, new byte[0], new byte[0]);
    syn[36] ^= 1;
    mark = net.tunnel.size();
    long malformed = worker.stats.dropped(DropCause.MALFORMED);
    fromA(syn);
    assertThat(net.tunnel.size()).isEqualTo(mark);
    assertThat(worker.stats.dropped(DropCause.MALFORMED)).isEqualTo(malformed + 1);

    // A length prefix of zero, and one above the limit: reset.
    Conn zero = new Conn(40010, 1).connect(1460);
    assertThat(zero.send(Tcp.ACK, new byte[] {0, 0}))
        .extracting(Seg::flags)
        .containsExactly(Tcp.RST | Tcp.ACK);
    Conn huge = new Conn(40011, 1).connect(1460);
    assertThat(huge.send(Tcp.ACK, new byte[] {(byte) 0xff, (byte) 0xff}))
        .extracting(Seg::flags)
        .containsExactly(Tcp.RST | Tcp.ACK);
    // A FIN before the whole query: reset.
    Conn early = new Conn(40012, 1).connect(1460);
    assertThat(early.send(Tcp.FIN | Tcp.ACK, new byte[] {0, 30, 1}))
        .extracting(Seg::flags)
        .containsExactly(Tcp.RST | Tcp.ACK);
    assertThat(state.dns().tcpCount(DnsTcp.Event.RESET)).isEqualTo(3);
    assertThat(state.dns().tcpOpen()).isZero();

    Conn fine = new Conn(40013, 1).connect(536);
    fine.send(Tcp.PSH | Tcp.ACK, framed(query(2, "api.corp")));
    assertThat(addresses(fine.answer())).containsExactly("100.64.1.20");
  }

  /**
   * An attachment holds at most its share of the connection table: its next connection resets its
   * own oldest (never another network's).
   */
  @Test
  void anAttachmentsConnectionsAreBoundedAndItsOwnOldestIsReset() {
    List<Conn> conns = new ArrayList<>();
    for (int i = 0; i < DecisionConfig.Limits.DEFAULT.dnsTcpConnections(); i++) {
      Conn c = new Conn(20000 + i, i * 1000).connect(1460);
      c.send(Tcp.ACK, new byte[] {0});
      conns.add(c);
    }
    assertThat(state.dns().tcpOpen()).isEqualTo(DecisionConfig.Limits.DEFAULT.dnsTcpConnections());

    Conn extra = new Conn(30000, 1);
    Seg synAck = extra.syn(1460);
    int mark = net.tunnel.size();
    fromA(segment(CLIENT, 30000, 2, synAck.seq() + 1, Tcp.ACK, new byte[0], new byte[0]));

    List<Seg> sent = sentSince(mark);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).dstPort()).as("the oldest").isEqualTo(20000);
    assertThat(sent.get(0).flags()).isEqualTo(Tcp.RST | Tcp.ACK);
    assertThat(state.dns().tcpOpen()).isEqualTo(DecisionConfig.Limits.DEFAULT.dnsTcpConnections());
    assertThat(state.dns().tcpCount(DnsTcp.Event.EVICTED)).isEqualTo(1);
    // The evicted client's query gets a reset; the newest one is answered.
    byte[] rest = Arrays.copyOfRange(framed(query(1, "api.corp")), 1, 31);
    assertThat(conns.get(0).send(Tcp.PSH | Tcp.ACK, rest))
        .extracting(Seg::flags)
        .containsExactly(Tcp.RST);
    extra.serverIsn = synAck.seq();
    extra.rcvNext = synAck.seq() + 1;
    extra.send(Tcp.PSH | Tcp.ACK, framed(query(1, "api.corp")));
    assertThat(addresses(extra.answer())).containsExactly("100.64.1.20");
  }

  @Test
  void anAttachmentTheResolverDoesNotServeIsRefusedAtOnce() {
    state.accept(config("Endpoint", List.of("t/b")));
    Seg r = new Conn(40014, 1000).syn(1460);
    assertThat(r.flags()).isEqualTo(Tcp.RST | Tcp.ACK);
    assertThat(r.ack()).isEqualTo(1001);
  }

  @Test
  void aSmallMssIsHonouredAndNoOptionMeans536() {
    assertThat(DnsTcp.MSS_TABLE[DnsTcp.mssIndex(1410)]).isEqualTo(1400);
    assertThat(DnsTcp.MSS_TABLE[DnsTcp.mssIndex(100)]).isEqualTo(536);
    Conn c = new Conn(40015, 3).connect(0);
    List<Seg> got = c.send(Tcp.PSH | Tcp.ACK, framed(query(3, "big.corp")));
    assertThat(got.stream().filter(x -> x.data().length > 0))
        .allSatisfy(x -> assertThat(x.data().length).isLessThanOrEqualTo(536));
    assertThat(addresses(c.answer())).hasSize(100);
  }
}
