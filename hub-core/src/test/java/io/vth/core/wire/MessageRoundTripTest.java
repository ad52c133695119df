package io.vth.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.flow.FlowKey;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every message type decodes to what was encoded, wherever in the buffer it lies. */
class MessageRoundTripTest {

  private final byte[] buf = new byte[WireProtocol.MAX_DATAGRAM_SIZE];

  @Provide
  Arbitrary<FlowKey> flows() {
    return WireSamples.flowKeys();
  }

  @Property(tries = 300)
  void actionQueryRoundTrips(
      @ForAll long cell,
      @ForAll int pod,
      @ForAll long requestId,
      @ForAll long generation,
      @ForAll("flows") FlowKey flow,
      @ForAll @IntRange(max = 64) int off) {
    int len = new ActionQuery().set(cell, pod, requestId, generation, flow).encode(buf, off);

    ActionQuery decoded = new ActionQuery();
    assertThat(decoded.decode(buf, off, len)).isEqualTo(WireError.NONE);

    assertThat(len).isEqualTo(ActionQuery.LENGTH);
    assertThat(decoded.cellId()).isEqualTo(cell);
    assertThat(decoded.podId()).isEqualTo(pod);
    assertThat(decoded.requestId()).isEqualTo(requestId);
    assertThat(decoded.knownGeneration()).isEqualTo(generation);
    assertThat(decoded.flow()).isEqualTo(flow);
  }

  @Property(tries = 200)
  void generationChangeRoundTrips(
      @ForAll long cell, @ForAll int pod, @ForAll long generation, @ForAll boolean all) {
    int len = new GenerationChange().set(cell, pod, generation, all).encode(buf, 3);

    GenerationChange decoded = new GenerationChange();
    assertThat(decoded.decode(buf, 3, len)).isEqualTo(WireError.NONE);

    assertThat(len).isEqualTo(GenerationChange.LENGTH);
    assertThat(decoded.cellId()).isEqualTo(cell);
    assertThat(decoded.podId()).isEqualTo(pod);
    assertThat(decoded.generation()).isEqualTo(generation);
    assertThat(decoded.invalidateAll()).isEqualTo(all);
  }

  @Property(tries = 200)
  void healthProbeAndReplyRoundTrip(
      @ForAll long cell,
      @ForAll int pod,
      @ForAll long sequence,
      @ForAll long sentNanos,
      @ForAll long generation,
      @ForAll @IntRange(max = Integer.MAX_VALUE) int inFlight) {
    int probeLen = new HealthProbe().set(cell, pod, sequence, sentNanos).encode(buf, 0);
    HealthProbe probe = new HealthProbe();
    assertThat(probe.decode(buf, 0, probeLen)).isEqualTo(WireError.NONE);

    int replyLen =
        new HealthReply().answer(probe, cell, pod + 1, generation, inFlight).encode(buf, 0);
    HealthReply reply = new HealthReply();
    assertThat(reply.decode(buf, 0, replyLen)).isEqualTo(WireError.NONE);

    assertThat(probe.sequence()).isEqualTo(sequence);
    assertThat(probe.sendTimeNanos()).isEqualTo(sentNanos);
    assertThat(probe.podId()).isEqualTo(pod);
    assertThat(reply.cellId()).isEqualTo(cell);
    assertThat(reply.podId()).isEqualTo(pod + 1);
    assertThat(reply.sequence()).isEqualTo(sequence);
    assertThat(reply.probeTimeNanos()).isEqualTo(sentNanos);
    assertThat(reply.generation()).isEqualTo(generation);
    assertThat(reply.queriesInFlight()).isEqualTo(inFlight);
  }

  @Property(tries = 200)
  void unsplitReplyRoundTrips(
      @ForAll long cell,
      @ForAll int pod,
      @ForAll long requestId,
      @ForAll("flows") FlowKey flow,
      @ForAll long generation,
      @ForAll @IntRange(max = Integer.MAX_VALUE) int lifetime,
      @ForAll boolean drop,
      @ForAll @IntRange(max = 255) int reason,
      @ForAll @IntRange(max = 1306) int programLength) {
    ActionReply reply = new ActionReply();
    if (drop) {
      reply.set(cell, pod, requestId, flow, generation, lifetime, Verdict.DROP, reason);
    } else {
      byte[] program = new byte[programLength];
      new Random(requestId).nextBytes(program);
      reply.set(cell, pod, requestId, flow, generation, lifetime, Verdict.FORWARD, 0);
      reply.setProgram(program, 0, programLength);
    }
    int len = reply.encode(buf, 0);

    ActionReply decoded = new ActionReply();
    assertThat(decoded.decode(buf, 0, len)).isEqualTo(WireError.NONE);

    assertThat(len).isLessThanOrEqualTo(WireProtocol.DEFAULT_MAX_DATAGRAM_SIZE);
    assertThat(decoded.cellId()).isEqualTo(cell);
    assertThat(decoded.podId()).isEqualTo(pod);
    assertThat(decoded.requestId()).isEqualTo(requestId);
    assertThat(decoded.flow()).isEqualTo(flow);
    assertThat(decoded.generation()).isEqualTo(generation);
    assertThat(decoded.lifetimeMillis()).isEqualTo(lifetime);
    assertThat(decoded.verdict()).isEqualTo(reply.verdict());
    assertThat(decoded.dropReason()).isEqualTo(reply.dropReason());
    assertThat(decoded.programCopy()).isEqualTo(reply.programCopy());
  }

  @Property(tries = 100)
  void readerDispatchesEveryTypeToItsHolder(@ForAll long requestId, @ForAll("flows") FlowKey flow) {
    WireReader reader = new WireReader(WireSamples.CELL);
    int len = new ActionQuery().set(WireSamples.CELL, 1, requestId, 2, flow).encode(buf, 0);

    assertThat(reader.read(buf, 0, len)).isEqualTo(WireError.NONE);
    assertThat(reader.type()).isEqualTo(MessageType.ACTION_QUERY);
    assertThat(reader.message()).isSameAs(reader.query());
    assertThat(reader.query().requestId()).isEqualTo(requestId);
    assertThat(reader.query().flow()).isEqualTo(flow);
  }
}
