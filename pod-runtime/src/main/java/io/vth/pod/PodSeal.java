package io.vth.pod;

import io.vth.core.seal.CellSeal;
import io.vth.core.seal.SealError;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A socket's view of the cell protocol's seal: signs what it sends and checks what it receives
 * (refusals counted for the pod's metrics), or passes messages through unchanged in an
 * unauthenticated pod. One per receiving socket, used from that socket's thread.
 */
public final class PodSeal {

  /** Room a send buffer needs after the message for the seal's trailer. */
  public static final int TRAILER_ROOM = CellSeal.TRAILER_LENGTH;

  private final CellSeal seal;
  private final Map<SealError, AtomicLong> rejected;
  private int openedLength;

  PodSeal(CellSeal seal, Map<SealError, AtomicLong> rejected) {
    this.seal = seal;
    this.rejected = rejected;
  }

  /**
   * Seals the message of {@code len} bytes at {@code buf[off]} for {@code to} (the buffer needs
   * {@link #TRAILER_ROOM} bytes after it); returns the length to send.
   */
  public int seal(byte[] buf, int off, int len, InetSocketAddress to) {
    return seal == null ? len : seal.seal(buf, off, len, to);
  }

  /**
   * Whether the datagram of {@code len} bytes at {@code buf[off]}, received on {@code localPort},
   * may be read: then its message is the first {@link #openedLength()} bytes. A refusal is counted.
   */
  public boolean open(byte[] buf, int off, int len, int localPort) {
    if (seal == null) {
      openedLength = len;
      return true;
    }
    SealError error = seal.open(buf, off, len, localPort);
    if (error != SealError.NONE) {
      rejected.get(error).incrementAndGet();
      return false;
    }
    openedLength = seal.openedLength();
    return true;
  }

  /** The length of the message the last accepted datagram carried. */
  public int openedLength() {
    return openedLength;
  }
}
