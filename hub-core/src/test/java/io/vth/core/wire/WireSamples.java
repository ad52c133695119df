package io.vth.core.wire;

import io.vth.core.flow.FlowKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Builders and generators of messages for the wire tests. */
final class WireSamples {

  static final long CELL = 0x0123_4567_89ab_cdefL;
  static final int POD = 42;

  private WireSamples() {}

  static FlowKey ipv4Flow() {
    return new FlowKey().setIpv4(5001, 6, 0x0a000001, 0x0a000102, 40000, 443);
  }

  static FlowKey ipv6Flow() {
    return new FlowKey()
        .setIpv6(0xffffff, 17, 0x20010db8_00000000L, 1, 0x20010db8_00000000L, 2, 5353, 53);
  }

  static Arbitrary<FlowKey> flowKeys() {
    Arbitrary<Integer> vni = Arbitraries.integers().between(0, 0xffffff);
    Arbitrary<Integer> proto = Arbitraries.integers().between(0, 255);
    Arbitrary<Integer> port = Arbitraries.integers().between(0, 0xffff);
    Arbitrary<Long> word = Arbitraries.longs();
    Arbitrary<FlowKey> v4 =
        Combinators.combine(vni, proto, Arbitraries.integers(), Arbitraries.integers(), port, port)
            .as((v, p, s, d, sp, dp) -> new FlowKey().setIpv4(v, p, s, d, sp, dp));
    Arbitrary<FlowKey> v6 =
        Combinators.combine(vni, proto, word, word, word, word, port, port)
            .as(
                (v, p, sh, sl, dh, dl, sp, dp) ->
                    new FlowKey().setIpv6(v, p, sh, sl, dh, dl, sp, dp));
    Arbitrary<FlowKey> any = Arbitraries.oneOf(v4, v6);
    return Combinators.combine(any, Arbitraries.of(false, true))
        .as((key, fragment) -> fragment ? key.markNonFirstFragment() : key);
  }

  static byte[] query() {
    return encoded(new ActionQuery().set(CELL, POD, 7, 3, ipv4Flow())::encode);
  }

  static byte[] generationChange() {
    return encoded(new GenerationChange().set(CELL, POD, 9, true)::encode);
  }

  static byte[] healthProbe() {
    return encoded(new HealthProbe().set(CELL, POD, 1, 123_456_789L)::encode);
  }

  static byte[] healthReply() {
    return encoded(new HealthReply().set(CELL, POD, 1, 123_456_789L, 9, 12)::encode);
  }

  static byte[] neighborShare() {
    NeighborShare share = new NeighborShare().start(CELL, POD);
    share.add(5001, 0x0a000102, 0x02_00_00_00_01_02L);
    share.add(5002, 0, 0xfe_ff_ff_ff_ff_ffL);
    return encoded(share::encode);
  }

  /** A forward reply with a program of {@code programLength} bytes 0, 1, 2, ... */
  static ActionReply forwardReply(long requestId, int programLength) {
    byte[] program = new byte[programLength];
    for (int i = 0; i < programLength; i++) {
      program[i] = (byte) i;
    }
    return new ActionReply()
        .set(CELL, POD, requestId, ipv6Flow(), 9, 30_000, Verdict.FORWARD, 0)
        .setProgram(program, 0, programLength);
  }

  /** Every segment of {@code reply}, split for {@code maxDatagramSize}. */
  static List<byte[]> segments(ActionReply reply, int maxDatagramSize) {
    List<byte[]> out = new ArrayList<>();
    byte[] buf = new byte[maxDatagramSize];
    for (int i = 0; i < reply.segmentCount(maxDatagramSize); i++) {
      int len = reply.encodeSegment(i, maxDatagramSize, buf, 0);
      out.add(Arrays.copyOf(buf, len));
    }
    return out;
  }

  /** A decoded segment holder, failing the test when the datagram does not decode. */
  static ReplySegment decodedSegment(byte[] datagram) {
    ReplySegment segment = new ReplySegment();
    segment.decodeOrThrow(datagram, 0, datagram.length);
    return segment;
  }

  interface Encoder {
    int encode(byte[] buf, int off);
  }

  static byte[] encoded(Encoder encoder) {
    byte[] buf = new byte[WireProtocol.MAX_DATAGRAM_SIZE];
    return Arrays.copyOf(buf, encoder.encode(buf, 0));
  }
}
