package io.vth.dataplane;

import static io.vth.dataplane.Frames.HOST_MAC;
import static io.vth.dataplane.Frames.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Dns;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfig.Translation;
import io.vth.core.config.DecisionConfig.Zone;
import io.vth.core.dns.DnsHeader;
import io.vth.core.dns.DnsMessage;
import io.vth.core.dns.DnsName;
import io.vth.core.dns.DnsQuestion;
import io.vth.core.dns.DnsRecord;
import io.vth.core.dns.DnsResponses;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.L4Checksum;
import io.vth.core.packet.Tcp;
import io.vth.core.packet.Udp;
import io.vth.pod.PodIdentity;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's resolver on the gateway: records answered as the asking network sees them, zones
 * forwarded to the owner's resolver with answers translated, forwarding safety, malformed input.
 */
class DnsServiceTest {

  static final int A = 1001;
  static final int B = 1002;
  static final int REMOTE_A = ip("10.254.0.2");
  static final int REMOTE_B = ip("10.254.0.6");
  static final long GW_MAC_A = 0x02_76_74_00_03_e9L;
  static final long GW_MAC_B = 0x02_76_74_00_03_eaL;
  static final long SERVER_MAC = 0x02_00_00_00_bb_35L;
  static final String CLIENT = "10.1.0.10";
  static final String SERVER = "192.168.1.53";

  private final DataplaneState state = new DataplaneState(PodIdentity.of("corp", "dp-0"));
  private final Loopback net = new Loopback();
  private PacketWorker worker;
  private long now = System.nanoTime();

  static DecisionConfig config(String mode, List<String> shared) {
    Dns dns =
        new Dns(
            mode,
            30,
            shared,
            List.of(new Zone("b.internal", "t/b")),
            List.of(
                new DecisionConfig.DnsRecord(
                    "api.corp", "t/b", List.of("192.168.1.20", "fd00:b::20"))),
            List.of());
    Hub hub =
        new Hub(
            "t/corp",
            List.of(
                new Domain(
                    "default",
                    List.of(Route.to("10.1.0.0/16", "t/a"), Route.to("100.64.1.0/24", "t/b")))),
            List.of(
                new Attachment(
                    "t/a",
                    A,
                    "default",
                    "10.254.0.2",
                    4789,
                    "169.254.0.1/30",
                    "02:76:74:00:03:e9",
                    List.of("10.1.0.0/16"),
                    List.of()),
                new Attachment(
                    "t/b",
                    B,
                    "default",
                    "10.254.0.6",
                    4789,
                    "169.254.0.5/30",
                    "02:76:74:00:03:ea",
                    List.of("192.168.1.0/24"),
                    List.of(SERVER))),
            List.of(
                new Translation("t/b", "192.168.1.0/24", "100.64.1.0/24"),
                new Translation("t/b", "fd00:b::/64", "fd64:1::/64")),
            dns);
    return new DecisionConfig(1, 1, "corp", List.of(hub));
  }

  @BeforeEach
  void start() {
    worker = new PacketWorker(state, net, 1024);
    net.worker = worker;
    state.accept(config("Endpoint", List.of()));
    state.neighbors().learn(B, ip(SERVER), SERVER_MAC);
  }

  static byte[] query(int id, String name, int type) {
    return DnsMessage.query(id, new DnsQuestion(DnsName.of(name), type, 1)).encode();
  }

  static byte[] udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
    byte[] p = new byte[28 + payload.length];
    Ipv4.writeHeader(p, 0, p.length, 1, 0, 64, IpProtocol.UDP, ip(src), ip(dst));
    Udp.writeHeader(p, 20, srcPort, dstPort, 8 + payload.length);
    System.arraycopy(payload, 0, p, 28, payload.length);
    L4Checksum.writeIpv4(p, 0, IpProtocol.UDP, 20, 8 + payload.length);
    return p;
  }

  private void fromA(String src, byte[] dns) {
    byte[] d =
        Frames.vxlan(
            A, GW_MAC_A, HOST_MAC, Ethernet.TYPE_IPV4, udp(src, 5353, "169.254.0.1", 53, dns));
    worker.onTunnel(d, 0, d.length, REMOTE_A, now);
  }

  private void fromB(String src, int srcPort, int dstPort, byte[] dns) {
    byte[] d =
        Frames.vxlan(
            B,
            GW_MAC_B,
            SERVER_MAC,
            Ethernet.TYPE_IPV4,
            udp(src, srcPort, "169.254.0.5", dstPort, dns));
    worker.onTunnel(d, 0, d.length, REMOTE_B, now);
  }

  /** The last datagram the hub sent: its IP packet. */
  private byte[] lastIp() {
    Loopback.Sent s = net.tunnel.get(net.tunnel.size() - 1);
    return Arrays.copyOfRange(s.datagram(), s.ipOffset(), s.datagram().length);
  }

  private static DnsMessage dnsOf(byte[] ip) {
    assertThat(Udp.verifyIpv4(ip, 0, 20)).as("UDP checksum").isTrue();
    return DnsMessage.parse(ip, 28, Udp.length(ip, 20) - 8).orElseThrow();
  }

  private static byte[] answer(DnsMessage forwarded, String address, long ttl) throws Exception {
    DnsName name = forwarded.questions().get(0).name();
    return DnsResponses.answer(
            forwarded,
            List.of(DnsRecord.a(name, ttl, (Inet4Address) InetAddress.getByName(address))))
        .encode();
  }

  private static DnsMessage parsed(byte[] dns) {
    return DnsMessage.parse(dns, 0, dns.length).orElseThrow();
  }

  private static List<String> addresses(DnsMessage m) {
    return m.answers().stream().map(r -> r.address().getHostAddress()).toList();
  }

  @Test
  void aRecordIsAnsweredWithTheAddressTheAskingNetworkSees() {
    fromA(CLIENT, query(4711, "API.corp", DnsRewriter.TYPE_A));

    byte[] ip = lastIp();
    assertThat(net.tunnel.get(0).vni()).isEqualTo(A);
    assertThat(Ipv4.source(ip, 0)).isEqualTo(ip("169.254.0.1"));
    assertThat(Ipv4.destination(ip, 0)).isEqualTo(ip(CLIENT));
    assertThat(Udp.sourcePort(ip, 20)).isEqualTo(53);
    assertThat(Udp.destinationPort(ip, 20)).isEqualTo(5353);
    DnsMessage m = dnsOf(ip);
    assertThat(m.id()).isEqualTo(4711);
    assertThat(m.rcode()).isEqualTo(DnsHeader.RCODE_NOERROR);
    assertThat(addresses(m)).containsExactly("100.64.1.20");
    assertThat(m.answers().get(0).ttl()).isEqualTo(30);
    assertThat(state.dns().count(DnsService.Result.ANSWERED)).isEqualTo(1);

    fromA(CLIENT, query(4712, "api.corp", DnsRewriter.TYPE_AAAA));
    assertThat(addresses(dnsOf(lastIp()))).containsExactly("fd64:1:0:0:0:0:0:20");
  }

  @Test
  void aRecordOfTheAskingNetworkItselfIsNotRewritten() {
    fromB("192.168.1.10", 5353, 53, query(1, "api.corp", DnsRewriter.TYPE_A));
    assertThat(addresses(dnsOf(lastIp()))).containsExactly("192.168.1.20");

    fromB("192.168.1.10", 5353, 53, query(2, "api.corp", DnsRewriter.TYPE_AAAA));
    assertThat(addresses(dnsOf(lastIp()))).containsExactly("fd00:b:0:0:0:0:0:20");
  }

  @Test
  void aZoneIsForwardedToItsOwnerAndTheAnswerComesBackTranslated() throws Exception {
    fromA(CLIENT, query(777, "db.b.internal", DnsRewriter.TYPE_A));

    Loopback.Sent sent = net.tunnel.get(0);
    assertThat(sent.vni()).isEqualTo(B);
    assertThat(sent.dstMac()).isEqualTo(SERVER_MAC);
    byte[] fwd = lastIp();
    assertThat(Ipv4.source(fwd, 0)).isEqualTo(ip("169.254.0.5"));
    assertThat(Ipv4.destination(fwd, 0)).isEqualTo(ip(SERVER));
    assertThat(Udp.destinationPort(fwd, 20)).isEqualTo(53);
    int port = Udp.sourcePort(fwd, 20);
    assertThat(port).isGreaterThanOrEqualTo(1024);
    DnsMessage forwarded = dnsOf(fwd);
    assertThat(forwarded.questions()).isEqualTo(parsed(query(0, "db.b.internal", 1)).questions());

    fromB(SERVER, 53, port, answer(forwarded, "192.168.1.10", 3600));

    byte[] back = lastIp();
    assertThat(net.tunnel.get(1).vni()).isEqualTo(A);
    assertThat(net.tunnel.get(1).dstMac()).isEqualTo(HOST_MAC);
    assertThat(Ipv4.destination(back, 0)).isEqualTo(ip(CLIENT));
    assertThat(Udp.destinationPort(back, 20)).isEqualTo(5353);
    DnsMessage m = dnsOf(back);
    assertThat(m.id()).isEqualTo(777);
    assertThat(addresses(m)).containsExactly("100.64.1.10");
    assertThat(m.answers().get(0).ttl()).isEqualTo(30);
    assertThat(state.dns().count(DnsService.Result.RELAYED)).isEqualTo(1);
    assertThat(state.dns().pendingCount()).isZero();
  }

  @Test
  void aQueryWaitsForTheServersMacAndGoesOutIntactOnceArpAnswers() {
    state.neighbors().forget(B);
    fromA(CLIENT, query(5, "db.b.internal", DnsRewriter.TYPE_A));
    assertThat(net.tunnel).hasSize(1);
    assertThat(net.tunnel.get(0).etherType()).isEqualTo(Ethernet.TYPE_ARP);

    byte[] arp =
        Frames.vxlan(
            B,
            GW_MAC_B,
            SERVER_MAC,
            Ethernet.TYPE_ARP,
            Frames.arpReply(SERVER_MAC, SERVER, GW_MAC_B, "169.254.0.5"));
    worker.onTunnel(arp, 0, arp.length, REMOTE_B, now);

    assertThat(net.tunnel).hasSize(2);
    assertThat(net.tunnel.get(1).dstMac()).isEqualTo(SERVER_MAC);
    byte[] fwd = lastIp();
    assertThat(Ipv4.destination(fwd, 0)).isEqualTo(ip(SERVER));
    assertThat(dnsOf(fwd).questions().get(0).name()).isEqualTo(DnsName.of("db.b.internal"));
  }

  @Test
  void theOwnersOwnQueriesComeBackUnchanged() throws Exception {
    fromB("192.168.1.10", 5353, 53, query(9, "db.b.internal", DnsRewriter.TYPE_A));
    byte[] fwd = lastIp();

    fromB(SERVER, 53, Udp.sourcePort(fwd, 20), answer(dnsOf(fwd), "192.168.1.10", 20));

    DnsMessage m = dnsOf(lastIp());
    assertThat(addresses(m)).containsExactly("192.168.1.10");
    assertThat(m.answers().get(0).ttl()).isEqualTo(20);
  }

  @Test
  void answersThatDoNotMatchTheQueryAreDroppedAndTheRealOneStillAccepted() throws Exception {
    fromA(CLIENT, query(777, "db.b.internal", DnsRewriter.TYPE_A));
    byte[] fwd = lastIp();
    int port = Udp.sourcePort(fwd, 20);
    DnsMessage forwarded = dnsOf(fwd);
    DnsMessage wrongId =
        new DnsMessage(
            (forwarded.id() + 1) & 0xffff,
            forwarded.flags(),
            forwarded.questions(),
            List.of(),
            List.of(),
            List.of());
    DnsMessage otherQuestion = parsed(query(forwarded.id(), "evil.b.internal", 1));

    fromB(SERVER, 53, port, answer(wrongId, "6.6.6.6", 3600));
    fromB(SERVER, 53, (port + 1) & 0xffff, answer(forwarded, "6.6.6.6", 3600));
    fromB("192.168.1.54", 53, port, answer(forwarded, "6.6.6.6", 3600));
    fromB(SERVER, 53, port, answer(otherQuestion, "6.6.6.6", 3600));

    assertThat(state.dns().dropped(DnsService.Drop.NO_MATCH)).isEqualTo(4);
    assertThat(net.tunnel).hasSize(1);

    fromB(SERVER, 53, port, answer(forwarded, "192.168.1.10", 3600));
    assertThat(addresses(dnsOf(lastIp()))).containsExactly("100.64.1.10");
  }

  @Test
  void malformedQueriesAndAnswersAreDroppedAndCountedAndServingGoesOn() throws Exception {
    byte[] loop = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1};
    byte[] badCounts = {0, 1, 1, 0, 0, 9, 0, 9, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};
    byte[] truncated = {0, 1, 1, 0, 0, 1};
    fromA(CLIENT, loop);
    fromA(CLIENT, badCounts);
    fromA(CLIENT, truncated);
    assertThat(net.tunnel).isEmpty();
    assertThat(state.dns().dropped(DnsService.Drop.MALFORMED)).isEqualTo(3);

    fromA(CLIENT, query(777, "db.b.internal", DnsRewriter.TYPE_A));
    byte[] fwd = lastIp();
    int port = Udp.sourcePort(fwd, 20);
    byte[] answer = answer(dnsOf(fwd), "192.168.1.10", 5);
    fromB(SERVER, 53, port, Arrays.copyOf(answer, answer.length - 3));
    assertThat(state.dns().dropped(DnsService.Drop.MALFORMED)).isEqualTo(4);

    fromB(SERVER, 53, port, answer);
    assertThat(addresses(dnsOf(lastIp()))).containsExactly("100.64.1.10");
  }

  @Test
  void anUnansweredQueryGetsServfailAfterItsTimeout() {
    fromA(CLIENT, query(31, "db.b.internal", DnsRewriter.TYPE_A));
    worker.tick(now + DnsService.TIMEOUT_NANOS + 1);

    DnsMessage m = dnsOf(lastIp());
    assertThat(m.id()).isEqualTo(31);
    assertThat(m.rcode()).isEqualTo(DnsHeader.RCODE_SERVFAIL);
    assertThat(state.dns().dropped(DnsService.Drop.TIMEOUT)).isEqualTo(1);
    assertThat(state.dns().pendingCount()).isZero();
  }

  @Test
  void shareModeForwardsZonesAndRefusesTheRest() {
    state.accept(config("Share", List.of()));
    fromA(CLIENT, query(1, "api.corp", DnsRewriter.TYPE_A));
    assertThat(dnsOf(lastIp()).rcode()).isEqualTo(DnsHeader.RCODE_REFUSED);

    fromA(CLIENT, query(2, "db.b.internal", DnsRewriter.TYPE_A));
    assertThat(net.tunnel.get(1).vni()).isEqualTo(B);
  }

  @Test
  void tcpToOtherPortsOfTheGatewayIsRefusedWithAReset() {
    byte[] syn = new byte[40];
    Ipv4.writeHeader(syn, 0, 40, 1, 0, 64, IpProtocol.TCP, ip(CLIENT), ip("169.254.0.1"));
    Tcp.writeHeader(syn, 20, 40001, 80, 1000, 0, Tcp.SYN, 64240);
    L4Checksum.writeIpv4(syn, 0, IpProtocol.TCP, 20, 20);
    byte[] d = Frames.vxlan(A, GW_MAC_A, HOST_MAC, Ethernet.TYPE_IPV4, syn);
    worker.onTunnel(d, 0, d.length, REMOTE_A, now);

    byte[] rst = lastIp();
    assertThat(Ipv4.source(rst, 0)).isEqualTo(ip("169.254.0.1"));
    assertThat(Ipv4.destination(rst, 0)).isEqualTo(ip(CLIENT));
    assertThat(Tcp.sourcePort(rst, 20)).isEqualTo(80);
    assertThat(Tcp.destinationPort(rst, 20)).isEqualTo(40001);
    assertThat(Tcp.flags(rst, 20)).isEqualTo(Tcp.RST | Tcp.ACK);
    assertThat(Tcp.acknowledgement(rst, 20)).isEqualTo(1001);
    assertThat(Tcp.verifyIpv4(rst, 0, 20, 20)).isTrue();
  }

  @Test
  void aNetworkThatDoesNotShareDnsIsRefused() {
    state.accept(config("Endpoint", List.of("t/b")));
    fromA(CLIENT, query(1, "db.b.internal", DnsRewriter.TYPE_A));
    assertThat(dnsOf(lastIp()).rcode()).isEqualTo(DnsHeader.RCODE_REFUSED);
    assertThat(state.dns().count(DnsService.Result.REFUSED)).isEqualTo(1);
  }

  /** A in routing domain "red", which has no route to B: A's names stay in red. */
  private static DecisionConfig separateDomains() {
    DecisionConfig base = config("Endpoint", List.of());
    Hub hub = base.hubs().get(0);
    List<Attachment> attachments =
        hub.attachments().stream()
            .map(
                a ->
                    a.name().equals("t/a")
                        ? new Attachment(
                            a.name(),
                            a.vni(),
                            "red",
                            a.remote(),
                            a.port(),
                            a.gateway(),
                            a.gatewayMac(),
                            a.cidrs(),
                            a.dnsServers())
                        : a)
            .toList();
    Hub split =
        new Hub(
            hub.name(),
            List.of(
                new Domain("default", List.of(Route.to("192.168.1.0/24", "t/b"))),
                new Domain("red", List.of(Route.to("10.1.0.0/16", "t/a")))),
            attachments,
            hub.translations(),
            hub.dns());
    return new DecisionConfig(1, 2, "corp", List.of(split));
  }

  @Test
  void namesOfNetworksTheAskersRoutingDomainNeverReachesAreRefused() {
    state.accept(separateDomains());

    fromA(CLIENT, query(1, "api.corp", DnsRewriter.TYPE_A));
    assertThat(net.tunnel).hasSize(1);
    assertThat(dnsOf(lastIp()).rcode()).isEqualTo(DnsHeader.RCODE_REFUSED);
    assertThat(dnsOf(lastIp()).answers()).isEmpty();

    fromA(CLIENT, query(2, "db.b.internal", DnsRewriter.TYPE_A));
    assertThat(net.tunnel).as("nothing forwarded into B's domain").hasSize(2);
    assertThat(net.tunnel.get(1).vni()).isEqualTo(A);
    assertThat(dnsOf(lastIp()).rcode()).isEqualTo(DnsHeader.RCODE_REFUSED);
    assertThat(state.dns().count(DnsService.Result.REFUSED)).isEqualTo(2);

    // B, in its own domain, still gets its record.
    fromB("192.168.1.10", 5353, 53, query(3, "api.corp", DnsRewriter.TYPE_A));
    assertThat(addresses(dnsOf(lastIp()))).containsExactly("192.168.1.20");
  }

  @Test
  void anAttachmentMayHoldOnlyItsShareOfPendingForwardedQueries() {
    int asked = DecisionConfig.Limits.DEFAULT.dnsPendingQueries() + 20;
    for (int i = 0; i < asked; i++) {
      fromA(CLIENT, query(i, "db" + i + ".b.internal", DnsRewriter.TYPE_A));
    }

    assertThat(state.dns().pendingCount())
        .isEqualTo(DecisionConfig.Limits.DEFAULT.dnsPendingQueries());
    assertThat(state.dns().dropped(DnsService.Drop.TENANT_LIMIT)).isEqualTo(20);
    // B's own queries still go out.
    fromB("192.168.1.10", 5353, 53, query(9999, "x.b.internal", DnsRewriter.TYPE_A));
    assertThat(state.dns().pendingCount())
        .isEqualTo(DecisionConfig.Limits.DEFAULT.dnsPendingQueries() + 1);
  }
}
