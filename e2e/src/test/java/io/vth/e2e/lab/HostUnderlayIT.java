package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract toward a hub that runs as a process on the host (a dataplane pod): the namespace's
 * kernel sends VXLAN over UDP to the veth's host address and the chosen port, from its own veth
 * address, with the network's VNI, carrying Ethernet frames.
 */
@NeedsNetns(binaries = {"ping"})
class HostUnderlayIT {

  @Test
  void aNetworkTunnelsEthernetToAUdpSocketOnTheHost() throws Exception {
    try (DatagramSocket hub = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0));
        NetnsLab lab = NetnsLab.create()) {
      hub.setSoTimeout(200);
      Network a =
          lab.network("a")
              .vni(1001)
              .cidr("192.168.1.0/24")
              .host("192.168.1.10")
              .gateway("169.254.10.1/30")
              .hubPort(hub.getLocalPort())
              .create();
      assertThat(a.hubAddress()).isEqualTo(a.vethHostAddress());
      assertThat(lab.execHost("ip", "-o", "-4", "addr", "show", "dev", a.vethHostName()).stdout())
          .contains("inet " + a.vethHostAddress() + "/30");

      // Nobody answers, so the namespace keeps asking for its gateway's MAC: an ARP request.
      lab.spawn(a, "ping", "-c", "3", "-i", "0.5", a.gatewayAddress());
      DatagramPacket p = receiveArp(hub, Duration.ofSeconds(5));

      assertThat(p.getAddress()).isEqualTo(InetAddress.getByName(a.vethNamespaceAddress()));
      ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
      assertThat(b.get(0)).as("VXLAN flags: I bit").isEqualTo((byte) 0x08);
      assertThat(b.getInt(4) >>> 8).as("VNI").isEqualTo(1001);
      int arp = 8 + 14;
      assertThat(b.getShort(arp + 6)).as("ARP request").isEqualTo((short) 1);
      assertThat(ip(b, arp + 14)).as("sender IP").isEqualTo(a.onLinkAddress());
      assertThat(ip(b, arp + 24)).as("target IP").isEqualTo(a.gatewayAddress());
    }
  }

  /** Waits for a VXLAN datagram carrying ARP (IPv6 is off in lab namespaces, so it comes soon). */
  private static DatagramPacket receiveArp(DatagramSocket socket, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      }
      ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
      if (p.getLength() >= 8 + 14 + 28 && b.getShort(8 + 12) == 0x0806) {
        return p;
      }
    }
    throw new AssertionError("no VXLAN-encapsulated ARP request within " + within);
  }

  private static String ip(ByteBuffer b, int offset) {
    return (b.get(offset) & 0xff)
        + "."
        + (b.get(offset + 1) & 0xff)
        + "."
        + (b.get(offset + 2) & 0xff)
        + "."
        + (b.get(offset + 3) & 0xff);
  }
}
