package io.vth.core.seal;

import io.vth.core.wire.WireProtocol;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals datagrams a pod sends to another pod of its cell and opens those it receives. The trailer
 * appended to a message is {@value #TRAILER_LENGTH} bytes: the destination address (16, IPv4 mapped
 * into IPv6) and port (2), the sender's clock in milliseconds (8), its sequence number toward that
 * destination (8), and the first 16 bytes of HMAC-SHA256 under the cell's signing key over the
 * message and the trailer before the tag.
 *
 * <p>One instance per receiving socket and thread (it holds the socket's replay window and the HMAC
 * state); the sequence numbers are the pod's, shared. The keys are read from {@code keys} on each
 * use, so a key file read again takes effect at once.
 */
public final class CellSeal {

  /** Bytes a seal appends to a message. */
  public static final int TRAILER_LENGTH = 50;

  /** The largest difference between a sender's clock and the receiver's that is accepted. */
  public static final long MAX_SKEW_MILLIS = 30_000;

  static final int TAG_LENGTH = 16;
  private static final int SIGNED_TRAILER = TRAILER_LENGTH - TAG_LENGTH;
  private static final String HMAC = "HmacSHA256";

  /** Which destination addresses are this pod's. */
  public interface Destinations {
    /** Whether the address whose 16 bytes are {@code high} and {@code low} is local. */
    boolean isLocal(long high, long low);
  }

  private final Supplier<CellKeys> keys;
  private final SealSequences sequences;
  private final LongSupplier clockMillis;
  private final Destinations destinations;
  private final ReplayWindow replay = new ReplayWindow();
  private final byte[] digest = new byte[32];
  private CellKeys macKeys;
  private Mac[] macs;
  private int openedLength;

  /** A seal using the wall clock and this host's addresses. */
  public CellSeal(Supplier<CellKeys> keys, SealSequences sequences) {
    this(keys, sequences, System::currentTimeMillis, new LocalAddresses());
  }

  /** A seal with the given clock and notion of local addresses (for tests). */
  public CellSeal(
      Supplier<CellKeys> keys,
      SealSequences sequences,
      LongSupplier clockMillis,
      Destinations destinations) {
    this.keys = Objects.requireNonNull(keys);
    this.sequences = Objects.requireNonNull(sequences);
    this.clockMillis = clockMillis;
    this.destinations = destinations;
  }

  /**
   * Appends the trailer to the message of {@code len} bytes at {@code buf[off]}, sealed for {@code
   * to}; returns the sealed length, {@code len + TRAILER_LENGTH}.
   *
   * @throws IndexOutOfBoundsException when the buffer has no room for the trailer
   */
  public int seal(byte[] buf, int off, int len, InetSocketAddress to) {
    Objects.checkFromIndexSize(off, len + TRAILER_LENGTH, buf.length);
    int t = off + len;
    toMapped(to.getAddress().getAddress(), buf, t);
    buf[t + 16] = (byte) (to.getPort() >>> 8);
    buf[t + 17] = (byte) to.getPort();
    putLong(buf, t + 18, clockMillis.getAsLong());
    putLong(buf, t + 26, sequences.next(to));
    Mac mac = macs()[0];
    tag(mac, buf, off, len + SIGNED_TRAILER);
    System.arraycopy(digest, 0, buf, t + SIGNED_TRAILER, TAG_LENGTH);
    return len + TRAILER_LENGTH;
  }

  /**
   * Checks the sealed datagram of {@code len} bytes at {@code buf[off]} received on local port
   * {@code localPort}; on {@link SealError#NONE} the message is the first {@link #openedLength()}
   * bytes.
   */
  public SealError open(byte[] buf, int off, int len, int localPort) {
    Objects.checkFromIndexSize(off, len, buf.length);
    openedLength = 0;
    if (len < WireProtocol.HEADER_LENGTH + TRAILER_LENGTH) {
      return SealError.UNSEALED;
    }
    int t = off + len - TRAILER_LENGTH;
    if (!authentic(buf, off, len - TAG_LENGTH, t + SIGNED_TRAILER)) {
      return SealError.BAD_TAG;
    }
    int port = ((buf[t + 16] & 0xff) << 8) | (buf[t + 17] & 0xff);
    if (port != localPort || !destinations.isLocal(getLong(buf, t), getLong(buf, t + 8))) {
      return SealError.WRONG_DESTINATION;
    }
    if (Math.abs(clockMillis.getAsLong() - getLong(buf, t + 18)) > MAX_SKEW_MILLIS) {
      return SealError.STALE;
    }
    int sender = getInt(buf, off + 14);
    if (!replay.accept(sender, getLong(buf, t + 26))) {
      return SealError.REPLAYED;
    }
    openedLength = len - TRAILER_LENGTH;
    return SealError.NONE;
  }

  /** The length of the message the last successful {@link #open} found. */
  public int openedLength() {
    return openedLength;
  }

  private boolean authentic(byte[] buf, int off, int signedLength, int tagAt) {
    for (Mac mac : macs()) {
      tag(mac, buf, off, signedLength);
      int diff = 0;
      for (int i = 0; i < TAG_LENGTH; i++) {
        diff |= digest[i] ^ buf[tagAt + i];
      }
      if (diff == 0) {
        return true;
      }
    }
    return false;
  }

  private void tag(Mac mac, byte[] buf, int off, int len) {
    mac.update(buf, off, len);
    try {
      mac.doFinal(digest, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("HMAC-SHA256 output is 32 bytes", e);
    }
  }

  private Mac[] macs() {
    CellKeys current = keys.get();
    if (current != macKeys) {
      Mac[] fresh = new Mac[current.size()];
      try {
        for (int i = 0; i < fresh.length; i++) {
          fresh[i] = Mac.getInstance(HMAC);
          fresh[i].init(new SecretKeySpec(current.key(i), HMAC));
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("every JVM has " + HMAC, e);
      }
      macs = fresh;
      macKeys = current;
    }
    return macs;
  }

  /** Writes {@code address} (4 or 16 bytes) as 16 bytes, IPv4 mapped into IPv6. */
  static void toMapped(byte[] address, byte[] out, int at) {
    if (address.length == 16) {
      System.arraycopy(address, 0, out, at, 16);
      return;
    }
    for (int i = 0; i < 10; i++) {
      out[at + i] = 0;
    }
    out[at + 10] = (byte) 0xff;
    out[at + 11] = (byte) 0xff;
    System.arraycopy(address, 0, out, at + 12, 4);
  }

  static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }

  private static int getInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }
}
