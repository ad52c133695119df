package io.vth.decision;

import static io.vth.decision.Figure21.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.action.ActionDisassembler;
import io.vth.core.action.ActionInterpreter;
import io.vth.core.action.ActionProgram;
import io.vth.core.action.ActionVerifier;
import io.vth.core.action.DropReason;
import io.vth.core.action.EgressContext;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.dns.DnsMessage;
import io.vth.core.dns.DnsName;
import io.vth.core.dns.DnsQuestion;
import io.vth.core.dns.DnsRecord;
import io.vth.core.dns.DnsResponses;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.flow.FlowKey;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.L4Checksum;
import io.vth.core.packet.Udp;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Intercept mode: DNS responses leaving a translated network for another network that shares DNS
 * get their answers rewritten in flight by the compiled program.
 */
class DnsInterceptTest {

  private static final int RESOLVER = ip("192.168.1.53");
  private static final int CLIENT = ip("10.10.1.10");
  private final ActionInterpreter interpreter = new ActionInterpreter(DnsRewriter::rewriteAnswers);

  /** Figure 21 (A translated to 100.64.7.0/24) with the hub's DNS in {@code mode}. */
  static DecisionConfig config(String mode, int ttl, List<String> shared) {
    DecisionConfig base = Figure21.config(1);
    Hub h = base.hubs().get(0);
    DecisionConfig.Dns dns = new DecisionConfig.Dns(mode, ttl, shared, null, null, null);
    Hub hub = new Hub(h.name(), h.domains(), h.attachments(), h.translations(), dns);
    return new DecisionConfig(base.schemaVersion(), 1, base.cell(), List.of(hub));
  }

  static byte[] dnsResponse(String address, long ttl) throws Exception {
    DnsName name = DnsName.of("db.a.internal");
    DnsMessage query = DnsMessage.query(4242, new DnsQuestion(name, DnsRewriter.TYPE_A, 1));
    return DnsResponses.answer(
            query, List.of(DnsRecord.a(name, ttl, (Inet4Address) InetAddress.getByName(address))))
        .encode();
  }

  static byte[] udp(int src, int srcPort, int dst, int dstPort, byte[] payload) {
    byte[] p = new byte[28 + payload.length];
    Ipv4.writeHeader(p, 0, p.length, 7, 0, 64, 17, src, dst);
    Udp.writeHeader(p, 20, srcPort, dstPort, 8 + payload.length);
    System.arraycopy(payload, 0, p, 28, payload.length);
    L4Checksum.writeIpv4(p, 0, 17, 20, 8 + payload.length);
    return p;
  }

  private static ActionProgram program(DecisionConfig config, byte[] packet, int vni) {
    DecisionTables tables = DecisionTables.compile(config);
    FlowKey key =
        new FlowKey()
            .setIpv4(
                vni,
                17,
                Ipv4.source(packet, 0),
                Ipv4.destination(packet, 0),
                Udp.sourcePort(packet, 20),
                Udp.destinationPort(packet, 20));
    ActionProgram program = new ActionCompiler().compile(Decider.decide(tables, key), key);
    // What the dataplane pod does with the bytes it receives: verify them again.
    return ActionVerifier.verify(program.encode());
  }

  private static DnsMessage payload(byte[] packet) {
    return DnsMessage.parse(packet, 28, packet.length - 28).orElseThrow();
  }

  @Test
  void aResponseFromATranslatedNetworkCarriesTranslatedAnswersWithTheTtlCapped() throws Exception {
    byte[] packet = udp(RESOLVER, 53, CLIENT, 40000, dnsResponse("192.168.1.10", 3600));
    ActionProgram program = program(config("Intercept", 30, List.of()), packet, Figure21.VNI_A);

    int result = interpreter.run(program, packet, packet.length, new EgressContext());

    assertThat(result).isEqualTo(ActionInterpreter.EMIT);
    assertThat(Ipv4.source(packet, 0)).isEqualTo(ip("100.64.7.53"));
    DnsRecord answer = payload(packet).answers().get(0);
    assertThat(answer.address().getHostAddress()).isEqualTo("100.64.7.10");
    assertThat(answer.ttl()).isEqualTo(30);
    assertThat(Udp.verifyIpv4(packet, 0, 20)).isTrue();
    assertThat(Ipv4.verifyHeaderChecksum(packet, 0)).isTrue();
  }

  @Test
  void addressesOutsideTheTranslatedRangeAreLeftAlone() throws Exception {
    byte[] packet = udp(RESOLVER, 53, CLIENT, 40000, dnsResponse("8.8.8.8", 10));
    ActionProgram program = program(config("Intercept", 30, List.of()), packet, Figure21.VNI_A);

    interpreter.run(program, packet, packet.length, new EgressContext());

    DnsRecord answer = payload(packet).answers().get(0);
    assertThat(answer.address().getHostAddress()).isEqualTo("8.8.8.8");
    assertThat(answer.ttl()).isEqualTo(10);
    assertThat(Udp.verifyIpv4(packet, 0, 20)).isTrue();
  }

  @Test
  void aMalformedResponseIsDroppedAsMalformed() {
    // One question whose name is a pointer to itself: a compression loop.
    byte[] dns = {
      0, 1, (byte) 0x81, (byte) 0x80, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12, 0, 1, 0, 1
    };
    byte[] packet = udp(RESOLVER, 53, CLIENT, 40000, dns);
    ActionProgram program = program(config("Intercept", 30, List.of()), packet, Figure21.VNI_A);

    int result = interpreter.run(program, packet, packet.length, new EgressContext());

    assertThat(result).isEqualTo(DropReason.MALFORMED.code());
  }

  @Test
  void otherModesQueriesAndNetworksNotSharingDnsAreNotRewritten() throws Exception {
    byte[] response = dnsResponse("192.168.1.10", 3600);
    for (String c : new String[] {"Endpoint", "Share", "Intercept-not-shared", "query"}) {
      DecisionConfig config =
          switch (c) {
            case "Intercept-not-shared" -> config("Intercept", 30, List.of("demo/a", "demo/c"));
            case "query" -> config("Intercept", 30, List.of());
            default -> config(c, 30, List.of());
          };
      int srcPort = c.equals("query") ? 40000 : 53;
      byte[] packet = udp(RESOLVER, srcPort, CLIENT, 53, response);
      ActionProgram program = program(config, packet, Figure21.VNI_A);
      assertThat(ActionDisassembler.disassemble(program)).as(c).doesNotContain("dns_rewrite");

      interpreter.run(program, packet, packet.length, new EgressContext());

      assertThat(Arrays.copyOfRange(packet, 28, packet.length)).as(c).isEqualTo(response);
    }
  }
}
