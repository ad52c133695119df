package io.vth.dataplane;

import java.net.InetSocketAddress;

/** Where a worker's packets go: the I/O layer in a pod, a recorder in tests. */
public interface PacketOutput {

  /**
   * Sends a VXLAN datagram made of {@code header[0, headerLength)} followed by {@code ip[0,
   * ipLength)} to {@code remote}; the outer UDP source port is chosen from {@code flowHash}.
   */
  void sendTunnel(
      byte[] header,
      int headerLength,
      byte[] ip,
      int ipLength,
      InetSocketAddress remote,
      long flowHash);

  /** Sends a pod-to-pod message to a decision pod. */
  void sendControl(byte[] message, int length, InetSocketAddress to);
}
