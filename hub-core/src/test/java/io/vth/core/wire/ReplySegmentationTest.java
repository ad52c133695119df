package io.vth.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vth.core.flow.FlowKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Replies split into datagrams come back whole, whatever the order and however often repeated. */
class ReplySegmentationTest {

  @Provide
  Arbitrary<FlowKey> flows() {
    return WireSamples.flowKeys();
  }

  @Provide
  Arbitrary<Integer> datagramSizes() {
    return Arbitraries.oneOf(
        Arbitraries.just(WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE),
        Arbitraries.integers().between(WireProtocol.MIN_DATAGRAM_SIZE, 9000));
  }

  @Property(tries = 150)
  void segmentsReassembleInAnyOrderWithDuplicates(
      @ForAll long requestId,
      @ForAll("flows") FlowKey flow,
      @ForAll long generation,
      @ForAll @IntRange(max = 20_000) int programLength,
      @ForAll("datagramSizes") int maxDatagram,
      @ForAll long shuffleSeed) {
    Random random = new Random(shuffleSeed);
    byte[] program = new byte[programLength];
    random.nextBytes(program);
    ActionReply reply =
        new ActionReply()
            .set(WireSamples.CELL, 3, requestId, flow, generation, 500, Verdict.FORWARD, 0)
            .setProgram(program, 0, programLength);
    List<byte[]> datagrams = WireSamples.segments(reply, maxDatagram);
    int count = datagrams.size();
    List<byte[]> arrival = new ArrayList<>(datagrams);
    Collections.shuffle(arrival, random);
    int duplicates = random.nextInt(count + 1);
    for (int i = 0; i < duplicates; i++) {
      // A duplicate goes after the original, or the duplicate would be the first and be accepted.
      int at = arrival.indexOf(datagrams.get(random.nextInt(count)));
      arrival.add(at + 1 + random.nextInt(arrival.size() - at), arrival.get(at));
    }

    ReplyReassembler reassembler = new ReplyReassembler(4, 1 << 20, 1_000_000_000L);
    WireReader reader = new WireReader(WireSamples.CELL);
    List<ReassemblyStatus> statuses = new ArrayList<>();
    for (byte[] datagram : arrival) {
      assertThat(datagram.length).isLessThanOrEqualTo(maxDatagram);
      assertThat(reader.read(datagram, 0, datagram.length)).isEqualTo(WireError.NONE);
      statuses.add(reassembler.offer(reader.replySegment(), 0));
      if (statuses.get(statuses.size() - 1) == ReassemblyStatus.COMPLETE) {
        break;
      }
    }

    assertThat(count)
        .isEqualTo(Math.max(1, (programLength + maxDatagram - 95) / (maxDatagram - 94)));
    assertThat(statuses)
        .isSubsetOf(
            ReassemblyStatus.PENDING,
            ReassemblyStatus.DUPLICATE_SEGMENT,
            ReassemblyStatus.COMPLETE);
    assertThat(statuses).filteredOn(s -> s == ReassemblyStatus.PENDING).hasSize(count - 1);
    assertThat(statuses.get(statuses.size() - 1)).isEqualTo(ReassemblyStatus.COMPLETE);
    ActionReply whole = reassembler.completed();
    assertThat(whole.programCopy()).isEqualTo(program);
    assertThat(whole.requestId()).isEqualTo(requestId);
    assertThat(whole.flow()).isEqualTo(flow);
    assertThat(whole.generation()).isEqualTo(generation);
    assertThat(whole.podId()).isEqualTo(3);
    assertThat(reassembler.pendingCount()).isZero();
    assertThat(reassembler.pendingBytes()).isZero();
  }

  @Property(tries = 50)
  void interleavedRepliesFromTwoPodsStayApart(
      @ForAll @IntRange(min = 1400, max = 20_000) int programLength, @ForAll long seed) {
    Random random = new Random(seed);
    List<byte[]> arrival = new ArrayList<>();
    ActionReply fromPod1 = WireSamples.forwardReply(77, programLength);
    ActionReply fromPod2 = WireSamples.forwardReply(77, programLength / 2);
    fromPod2.set(WireSamples.CELL, 2, 77, WireSamples.ipv4Flow(), 1, 1, Verdict.FORWARD, 0);
    arrival.addAll(WireSamples.segments(fromPod1, 1400));
    arrival.addAll(WireSamples.segments(fromPod2, 1400));
    Collections.shuffle(arrival, random);

    ReplyReassembler reassembler = new ReplyReassembler(2, 1 << 20, 1);
    List<byte[]> completedPrograms = new ArrayList<>();
    for (byte[] datagram : arrival) {
      if (reassembler.offer(WireSamples.decodedSegment(datagram), 0) == ReassemblyStatus.COMPLETE) {
        completedPrograms.add(reassembler.completed().programCopy());
      }
    }

    assertThat(completedPrograms)
        .containsExactlyInAnyOrder(fromPod1.programCopy(), fromPod2.programCopy());
  }

  @Test
  void aSplitReplyCannotBeDecodedWhole() {
    byte[] first = WireSamples.segments(WireSamples.forwardReply(1, 5000), 1400).get(0);

    assertThat(new ActionReply().decode(first, 0, first.length))
        .isEqualTo(WireError.BAD_SEGMENTATION);
  }

  @Test
  void encoderRejectsBadArguments() {
    ActionReply reply = WireSamples.forwardReply(1, 100);
    byte[] buf = new byte[2000];

    assertThatThrownBy(() -> reply.encodeSegment(0, 511, buf, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("511");
    assertThatThrownBy(() -> reply.encodeSegment(1, 1400, buf, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment index 1");
    assertThatThrownBy(() -> reply.encodeSegment(0, 1400, new byte[100], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> WireSamples.forwardReply(1, 1307).encode(buf, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1307 bytes needs 2 datagrams");
    reply.set(WireSamples.CELL, 1, 1, WireSamples.ipv4Flow(), 1, 1, Verdict.DROP, 3);
    assertThatThrownBy(() -> reply.encode(buf, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DROP");
    assertThatThrownBy(
            () -> reply.set(WireSamples.CELL, 1, 1, WireSamples.ipv4Flow(), 1, -1, Verdict.DROP, 3))
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> reply.setProgram(new byte[70_000], 0, 70_000))
        .hasMessageContaining("70000");
  }
}
