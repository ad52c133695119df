package io.vth.e2e.hub;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;

/**
 * Answers every UDP datagram with a fixed name: run inside a network to tell which host answered.
 */
public final class NameResponder {

  private NameResponder() {}

  /** {@code NameResponder PORT NAME}: serves until killed. */
  public static void main(String[] args) throws Exception {
    byte[] name = args[1].getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket socket = new DatagramSocket(Integer.parseInt(args[0]))) {
      byte[] buf = new byte[1500];
      while (true) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        socket.send(new DatagramPacket(name, name.length, in.getSocketAddress()));
      }
    }
  }
}
