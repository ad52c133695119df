package io.vth.operator.reconciler;

import io.vth.core.action.ActionVerifier;
import io.vth.core.action.DropReason;
import io.vth.core.flow.FlowKey;
import io.vth.core.wire.ActionQuery;
import io.vth.core.wire.ActionReply;
import io.vth.core.wire.MessageType;
import io.vth.core.wire.ReassemblyStatus;
import io.vth.core.wire.ReplyReassembler;
import io.vth.core.wire.Verdict;
import io.vth.core.wire.WireError;
import io.vth.core.wire.WireReader;
import io.vth.pod.PodIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;

/** Asks a decision pod about flows over real UDP, as a dataplane pod of the same cell would. */
final class DecisionQueries implements AutoCloseable {

  private final PodIdentity self;
  private final int port;
  private final DatagramSocket socket;
  private long requestId;

  DecisionQueries(String cell, int port) throws SocketException {
    this.self = PodIdentity.of(cell, cell + "-dataplane-test");
    this.port = port;
    this.socket = new DatagramSocket();
    socket.setSoTimeout(2000);
  }

  /**
   * The decision for a UDP flow from attachment {@code vni}: "drop REASON" or the program's
   * description.
   */
  String ask(int vni, String src, String dst) {
    try {
      FlowKey key =
          new FlowKey()
              .setIpv4(
                  vni,
                  17,
                  InetAddress.getByName(src).hashCode(),
                  InetAddress.getByName(dst).hashCode(),
                  4000,
                  53);
      byte[] out = new byte[ActionQuery.LENGTH];
      int len =
          new ActionQuery().set(self.cellId(), self.podId(), ++requestId, 0, key).encode(out, 0);
      socket.send(new DatagramPacket(out, len, InetAddress.getLoopbackAddress(), port));
      WireReader reader = new WireReader(self.cellId());
      ReplyReassembler reassembler = new ReplyReassembler(4, 1 << 20, 2_000_000_000L);
      byte[] in = new byte[2048];
      while (true) {
        DatagramPacket p = new DatagramPacket(in, in.length);
        socket.receive(p);
        if (reader.read(in, 0, p.getLength()) != WireError.NONE
            || reader.type() != MessageType.ACTION_REPLY) {
          continue;
        }
        if (reassembler.offer(reader.replySegment(), System.nanoTime())
            == ReassemblyStatus.COMPLETE) {
          ActionReply reply = reassembler.completed();
          if (reply.verdict() == Verdict.DROP) {
            return "drop " + DropReason.ofCode(reply.dropReason()).label();
          }
          return ActionVerifier.verify(reply.programArray(), 0, reply.programLength()).describe();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
