package io.vth.bench;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * The baseline of the dataplane pod's loopback ceiling: a trivial one-thread UDP relay that
 * receives each VXLAN datagram, rewrites its VNI and sends it on to one fixed address (the sink).
 * No parsing, no lookup, no action: what forwarding UDP through a JVM costs on this machine with
 * plain blocking {@link DatagramChannel} calls (one recvfrom and one sendto per datagram).
 *
 * <pre>UdpRelay LISTEN_HOST:PORT FORWARD_HOST:PORT EGRESS_VNI</pre>
 */
public final class UdpRelay {
  public static void main(String[] args) throws Exception {
    InetSocketAddress listen = VxlanBlast.parse(args[0]);
    InetSocketAddress to = VxlanBlast.parse(args[1]);
    int vni = Integer.parseInt(args[2]);
    DatagramChannel in = DatagramChannel.open();
    in.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    in.bind(listen);
    DatagramChannel out = DatagramChannel.open();
    out.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
    out.bind(new InetSocketAddress(listen.getAddress(), 0));
    out.connect(to);
    ByteBuffer b = ByteBuffer.allocateDirect(2048);
    System.out.println("relay " + listen + " -> " + to + " ready");
    while (true) {
      b.clear();
      in.receive(b);
      b.flip();
      if (b.remaining() >= 8) {
        b.putInt(4, vni << 8);
      }
      try {
        out.write(b);
      } catch (java.net.PortUnreachableException e) {
        // sink not up yet
      }
    }
  }
}
