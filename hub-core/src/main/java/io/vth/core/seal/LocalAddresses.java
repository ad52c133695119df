package io.vth.core.seal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whether an address (16 bytes, IPv4 mapped into IPv6) is one of this host's (a pod's network
 * namespace): any loopback address, or an address of an interface. The interface addresses are
 * cached and read again on a miss, at most once a second.
 */
final class LocalAddresses implements CellSeal.Destinations {

  private static final long REFRESH_NANOS = 1_000_000_000L;

  private long[] addresses = new long[0];
  private long readAt = Long.MIN_VALUE;

  @Override
  public boolean isLocal(long high, long low) {
    if (isLoopback(high, low)) {
      return true;
    }
    if (contains(high, low)) {
      return true;
    }
    long now = System.nanoTime();
    if (readAt != Long.MIN_VALUE && now - readAt < REFRESH_NANOS) {
      return false;
    }
    readAt = now;
    addresses = read();
    return contains(high, low);
  }

  private boolean contains(long high, long low) {
    long[] a = addresses;
    for (int i = 0; i < a.length; i += 2) {
      if (a[i] == high && a[i + 1] == low) {
        return true;
      }
    }
    return false;
  }

  static boolean isLoopback(long high, long low) {
    boolean mappedV4 = high == 0 && (low >>> 32) == 0xffffL;
    return mappedV4 ? ((low >>> 24) & 0xff) == 127 : high == 0 && low == 1;
  }

  private static long[] read() {
    List<byte[]> found = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          found.add(a.getAddress());
        }
      }
    } catch (SocketException e) {
      // no interfaces readable: only loopback counts
    }
    long[] out = new long[found.size() * 2];
    byte[] b16 = new byte[16];
    for (int i = 0; i < found.size(); i++) {
      CellSeal.toMapped(found.get(i), b16, 0);
      out[2 * i] = CellSeal.getLong(b16, 0);
      out[2 * i + 1] = CellSeal.getLong(b16, 8);
    }
    return out;
  }
}
