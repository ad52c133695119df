package io.vth.dataplane;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Vxlan;
import io.vth.core.wire.ActionReply;
import io.vth.core.wire.MessageType;
import io.vth.core.wire.WireError;
import io.vth.core.wire.WireReader;
import io.vth.decision.DecisionService;
import io.vth.pod.PodIdentity;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker's outside world without sockets: tunnel datagrams are recorded, and action queries are
 * answered by a real {@link DecisionService} through the real wire codecs, when {@link #deliver()}
 * is called (so tests control when replies arrive).
 */
final class Loopback implements PacketOutput {

  /** A datagram the worker sent into a tunnel. */
  record Sent(byte[] datagram, InetSocketAddress remote) {
    int vni() {
      return Vxlan.vni(datagram, 0);
    }

    int etherType() {
      Ethernet e = new Ethernet();
      e.parse(datagram, Vxlan.HEADER_LENGTH, datagram.length - Vxlan.HEADER_LENGTH);
      return e.etherType();
    }

    long dstMac() {
      return Ethernet.readMac(datagram, Vxlan.HEADER_LENGTH);
    }

    int ipOffset() {
      return Vxlan.HEADER_LENGTH + Ethernet.HEADER_LENGTH;
    }
  }

  final List<Sent> tunnel = new ArrayList<>();
  final List<byte[]> queries = new ArrayList<>();
  final DecisionService decisions = new DecisionService(new SimpleMeterRegistry());
  final PodIdentity decisionPod = PodIdentity.of("corp", "decision-0");
  PacketWorker worker;
  private final WireReader reader = new WireReader(decisionPod.cellId());
  private final ActionReply reply = new ActionReply();

  @Override
  public void sendTunnel(
      byte[] header,
      int headerLength,
      byte[] ip,
      int ipLength,
      InetSocketAddress remote,
      long hash) {
    byte[] d = new byte[headerLength + ipLength];
    System.arraycopy(header, 0, d, 0, headerLength);
    System.arraycopy(ip, 0, d, headerLength, ipLength);
    tunnel.add(new Sent(d, remote));
  }

  @Override
  public void sendControl(byte[] message, int length, InetSocketAddress to) {
    byte[] copy = new byte[length];
    System.arraycopy(message, 0, copy, 0, length);
    queries.add(copy);
  }

  /** Answers every query sent so far; returns how many. */
  int deliver() {
    List<byte[]> batch = new ArrayList<>(queries);
    queries.clear();
    int answered = 0;
    for (byte[] q : batch) {
      if (reader.read(q, 0, q.length) != WireError.NONE
          || reader.type() != MessageType.ACTION_QUERY) {
        continue;
      }
      var query = reader.query();
      decisions.answer(
          query.flow(), decisionPod.cellId(), decisionPod.podId(), query.requestId(), reply);
      byte[] out = new byte[1400];
      for (int i = 0; i < reply.segmentCount(out.length); i++) {
        int len = reply.encodeSegment(i, out.length, out, 0);
        worker.onControl(out, 0, len, new InetSocketAddress("127.0.0.1", 4791), System.nanoTime());
      }
      answered++;
    }
    return answered;
  }
}
