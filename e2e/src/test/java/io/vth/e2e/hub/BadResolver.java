package io.vth.e2e.hub;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A resolver that answers every query with three malformed responses carrying the query's ID: a
 * compression loop, counts larger than the message, and a record cut short. Run inside a network.
 */
public final class BadResolver {

  private BadResolver() {}

  /** {@code BadResolver ADDRESS PORT}: serves until killed. */
  public static void main(String[] args) throws Exception {
    try (DatagramSocket socket =
        new DatagramSocket(Integer.parseInt(args[1]), InetAddress.getByName(args[0]))) {
      byte[] buf = new byte[1500];
      while (true) {
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        if (in.getLength() < 12) {
          continue;
        }
        byte[] query = Arrays.copyOf(buf, in.getLength());
        for (byte[] bad : malformed(query)) {
          socket.send(new DatagramPacket(bad, bad.length, in.getSocketAddress()));
        }
      }
    }
  }

  /** Three malformed answers to {@code query} (header and question copied from it). */
  static byte[][] malformed(byte[] query) {
    // An answer whose owner name points at itself.
    byte[] loop = Arrays.copyOf(query, query.length + 16);
    int at = query.length;
    loop[at] = (byte) 0xc0;
    loop[at + 1] = (byte) at;
    byte[] rest = {0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 6, 6, 6, 6};
    System.arraycopy(rest, 0, loop, at + 2, rest.length);
    header(loop, 1, 0);
    // Counts claiming records that are not there.
    byte[] counts = query.clone();
    header(counts, 9, 9);
    // A record cut in the middle of its fixed fields.
    byte[] cut = Arrays.copyOf(query, query.length + 5);
    cut[query.length] = (byte) 0xc0;
    cut[query.length + 1] = 12;
    cut[query.length + 2] = 0;
    cut[query.length + 3] = 1;
    header(cut, 1, 0);
    return new byte[][] {loop, counts, cut};
  }

  private static void header(byte[] m, int answers, int authority) {
    m[2] = (byte) 0x81;
    m[3] = (byte) 0x80;
    m[6] = 0;
    m[7] = (byte) answers;
    m[8] = 0;
    m[9] = (byte) authority;
    m[10] = 0;
    m[11] = 0;
  }
}
