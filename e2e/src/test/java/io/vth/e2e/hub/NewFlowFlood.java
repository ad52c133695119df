package io.vth.e2e.hub;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Run inside a network's namespace: sends small UDP datagrams to {@code address}, each on a new
 * destination port (so each is a new flow for the hub), as fast as it can for {@code seconds}, and
 * prints how many it sent.
 */
public final class NewFlowFlood {

  private NewFlowFlood() {}

  /** Arguments: address, seconds. */
  public static void main(String[] args) throws Exception {
    InetAddress to = InetAddress.getByName(args[0]);
    long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
    byte[] payload = new byte[16];
    long sent = 0;
    try (DatagramSocket socket = new DatagramSocket()) {
      while (System.nanoTime() < end) {
        int port = 1024 + (int) (sent % 60_000);
        socket.send(new DatagramPacket(payload, payload.length, to, port));
        sent++;
      }
    }
    System.out.println("sent " + sent);
  }
}
