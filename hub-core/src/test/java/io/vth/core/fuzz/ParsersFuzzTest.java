package io.vth.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vth.core.action.ActionInterpreter;
import io.vth.core.action.ActionProgram;
import io.vth.core.action.ActionRejectedException;
import io.vth.core.action.ActionVerifier;
import io.vth.core.action.EgressContext;
import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.PrefixTranslation;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import io.vth.core.config.InvalidConfigException;
import io.vth.core.dns.DnsMessage;
import io.vth.core.dns.DnsParseResult;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.flow.FlowKey;
import io.vth.core.flow.FlowKeyExtractor;
import io.vth.core.packet.Arp;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Ipv6;
import io.vth.core.packet.PacketStatus;
import io.vth.core.packet.Vxlan;
import io.vth.core.seal.CellKeys;
import io.vth.core.seal.CellSeal;
import io.vth.core.seal.SealError;
import io.vth.core.seal.SealSequences;
import io.vth.core.wire.WireError;
import io.vth.core.wire.WireReader;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of every parser a pod exposes to the network or to its config:
 * tunnel frames down to the flow key, the cell protocol and its seal, DNS messages, the decision
 * config. In a normal build each target runs its committed corpus ({@code
 * src/test/resources/io/vth/core/fuzz/ParsersFuzzTestInputs/<target>/}) as a regression test; the
 * {@code fuzz} executions of this module's POM fuzz each target for a bounded time ({@code
 * JAZZER_FUZZ=1}). Oracles: nothing throws but the documented exception, and what is accepted
 * re-encodes to the same bytes or re-parses to the same value.
 */
class ParsersFuzzTest {

  private static final long CELL = 0x0123_4567_89ab_cdefL;
  private static final CellKeys KEYS = CellKeys.of(new byte[32]);

  /** A VXLAN datagram as a dataplane pod takes it apart: never throws, whatever the bytes. */
  @FuzzTest(maxDuration = "20s")
  void tunnelFrames(byte[] data) {
    if (Vxlan.check(data, 0, data.length) != PacketStatus.OK) {
      return;
    }
    Ethernet eth = new Ethernet();
    int p = Vxlan.HEADER_LENGTH;
    if (eth.parse(data, p, data.length - p) != PacketStatus.OK) {
      return;
    }
    int ip = eth.payloadOffset();
    int len = data.length - ip;
    FlowKey key = new FlowKey();
    FlowKeyExtractor extractor = new FlowKeyExtractor();
    switch (eth.etherType()) {
      case Ethernet.TYPE_ARP -> Arp.check(data, ip, len);
      case Ethernet.TYPE_IPV4 -> {
        if (Ipv4.check(data, ip, len) == PacketStatus.OK) {
          int total = Math.min(Ipv4.totalLength(data, ip), len);
          extractor.extract(data, ip, total, 1, key);
        }
      }
      case Ethernet.TYPE_IPV6 -> {
        if (Ipv6.check(data, ip, len) == PacketStatus.OK) {
          extractor.extract(data, ip, len, 1, key);
        }
      }
      default -> {}
    }
  }

  /**
   * The pod-to-pod messages: the reader never throws, and a fixed-layout message it accepts
   * re-encodes to exactly the bytes it came from.
   */
  @FuzzTest(maxDuration = "20s")
  void cellMessages(byte[] data) {
    WireReader reader = new WireReader(CELL);
    WireError error = reader.read(data, 0, data.length);
    if (error != WireError.NONE && error != WireError.FOREIGN_CELL) {
      return;
    }
    byte[] again = new byte[Math.max(data.length, 2048)];
    int len =
        switch (reader.type()) {
          case ACTION_QUERY -> reader.query().encode(again, 0);
          case GENERATION_CHANGE -> reader.generationChange().encode(again, 0);
          case HEALTH_PROBE -> reader.healthProbe().encode(again, 0);
          case HEALTH_REPLY -> reader.healthReply().encode(again, 0);
          case NEIGHBOR_SHARE -> reader.neighborShare().encode(again, 0);
          case ACTION_REPLY -> -1;
        };
    if (len >= 0) {
      assertThat(Arrays.copyOf(again, len)).isEqualTo(data);
    }
  }

  /** The seal: arbitrary bytes never open, and opening never throws. */
  @FuzzTest(maxDuration = "20s")
  void sealedDatagrams(byte[] data) {
    CellSeal seal =
        new CellSeal(() -> KEYS, new SealSequences(), () -> 1_800_000_000_000L, (h, l) -> true);
    assertThat(seal.open(data, 0, data.length, 4791)).isNotEqualTo(SealError.NONE);
  }

  /** DNS: parsing never throws; an accepted message re-encodes to one that parses the same. */
  @FuzzTest(maxDuration = "20s")
  void dnsMessages(byte[] data) {
    DnsParseResult parsed = DnsMessage.parse(data, 0, data.length);
    if (!parsed.isOk()) {
      return;
    }
    byte[] encoded = parsed.message().encode();
    DnsParseResult again = DnsMessage.parse(encoded, 0, encoded.length);
    assertThat(again.isOk()).as(again.toString()).isTrue();
    assertThat(again.message()).isEqualTo(parsed.message());
  }

  /**
   * DNS answers rewritten as the hub does for another network (TTLs capped, addresses translated):
   * a message the rewriter refuses is left unchanged, and one it takes parses afterwards as it did
   * before, with as many answers.
   */
  @FuzzTest(maxDuration = "20s")
  void rewrittenDnsAnswers(byte[] data) {
    DnsParseResult before = DnsMessage.parse(data, 0, data.length);
    byte[] copy = data.clone();
    int changed = DnsRewriter.rewriteAnswers(copy, 0, copy.length, ParsersFuzzTest::flipTopBit, 30);
    if (changed < 0) {
      assertThat(copy).as("a refused message is left as it was").isEqualTo(data);
      return;
    }
    DnsParseResult after = DnsMessage.parse(copy, 0, copy.length);
    assertThat(after.isOk()).as("parses after as before: %s", after).isEqualTo(before.isOk());
    if (after.isOk()) {
      assertThat(after.message().answers()).hasSameSizeAs(before.message().answers());
      assertThat(after.message().questions()).isEqualTo(before.message().questions());
    }
  }

  /** A translation of 0/1 onto 128/1 (and ::/1 onto 8000::/1): the top bit flipped. */
  private static boolean flipTopBit(byte[] buf, int off, int length) {
    buf[off] ^= (byte) 0x80;
    return true;
  }

  /**
   * Action programs as a decision pod sends them: the verifier refuses with {@link
   * ActionRejectedException} only, a program it accepts re-encodes to the same bytes, and running
   * it on any packet never throws and ends in emit or a drop code.
   */
  @FuzzTest(maxDuration = "20s")
  void actionPrograms(FuzzedDataProvider in) {
    byte[] code = in.consumeBytes(in.consumeInt(0, 2100));
    byte[] packet = in.consumeRemainingAsBytes();
    ActionProgram program;
    try {
      program = ActionVerifier.verify(code);
    } catch (ActionRejectedException e) {
      return;
    }
    assertThat(program.encode()).isEqualTo(code);
    int result =
        new ActionInterpreter((m, o, l, r, t) -> 0)
            .run(program, packet, packet.length, new EgressContext());
    assertThat(result).as("emit (0) or a drop code").isBetween(ActionInterpreter.EMIT, 255);
  }

  /** A 1:1 prefix translation and its inverse give back every address of the range. */
  @FuzzTest(maxDuration = "20s")
  void translationsReverse(FuzzedDataProvider in) {
    int length = in.consumeInt(0, 32);
    int mask = length == 0 ? 0 : -1 << (32 - length);
    int from = in.consumeInt() & mask;
    int to = in.consumeInt() & mask;
    int address = from | (in.consumeInt() & ~mask);
    PrefixTranslation t =
        PrefixTranslation.of(
            Cidr.of(IpAddress.ofIpv4(from), length), Cidr.of(IpAddress.ofIpv4(to), length));
    IpAddress a = IpAddress.ofIpv4(address);

    IpAddress translated = t.translate(a);
    assertThat(t.to().contains(translated)).isTrue();
    assertThat(t.reverse(translated)).isEqualTo(a);
    assertThat(t.inverse().translate(translated)).isEqualTo(a);
    assertThat(t.reverseIpv4(t.translateIpv4(address))).isEqualTo(address);
  }

  /**
   * The decision config: only {@link InvalidConfigException} for a bad document, and an accepted
   * one writes to bytes that parse to the same config.
   */
  @FuzzTest(maxDuration = "20s")
  void decisionConfigs(byte[] data) {
    DecisionConfig config;
    try {
      config = DecisionConfigJson.parse(data);
    } catch (InvalidConfigException e) {
      return;
    }
    byte[] written = DecisionConfigJson.write(config);
    try {
      assertThat(DecisionConfigJson.parse(written)).isEqualTo(config);
    } catch (InvalidConfigException e) {
      throw new AssertionError("a written config does not parse: " + e.getMessage(), e);
    }
  }
}
