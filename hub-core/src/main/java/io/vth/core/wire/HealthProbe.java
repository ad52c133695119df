package io.vth.core.wire;

import java.util.Objects;

/** A probe one pod sends another to learn whether it is reachable and how fast it answers. */
public final class HealthProbe extends WireMessage {

  /** Length of every encoded probe. */
  public static final int LENGTH = WireProtocol.HEADER_LENGTH + 16;

  private long sequence;
  private long sendTimeNanos;

  @Override
  public MessageType type() {
    return MessageType.HEALTH_PROBE;
  }

  /** Fills every field and returns this holder. */
  public HealthProbe set(long cellId, int podId, long sequence, long sendTimeNanos) {
    setSender(cellId, podId);
    this.sequence = sequence;
    this.sendTimeNanos = sendTimeNanos;
    return this;
  }

  /** The prober's sequence number. */
  public long sequence() {
    return sequence;
  }

  /** The prober's clock when it sent the probe, in nanoseconds; echoed back to measure latency. */
  public long sendTimeNanos() {
    return sendTimeNanos;
  }

  /**
   * Writes the probe at {@code buf[off]} and returns its length, {@value #LENGTH}.
   *
   * @throws IndexOutOfBoundsException when the buffer is too small
   */
  public int encode(byte[] buf, int off) {
    Objects.checkFromIndexSize(off, LENGTH, buf.length);
    int p = writeHeader(buf, off);
    BigEndian.putLong(buf, p, sequence);
    BigEndian.putLong(buf, p + 8, sendTimeNanos);
    return LENGTH;
  }

  @Override
  WireError decodeBody(byte[] buf, int off, int len) {
    WireError error = checkBodyLength(len, LENGTH - WireProtocol.HEADER_LENGTH);
    if (error != WireError.NONE) {
      return error;
    }
    sequence = BigEndian.getLong(buf, off);
    sendTimeNanos = BigEndian.getLong(buf, off + 8);
    return WireError.NONE;
  }

  @Override
  public String toString() {
    return "HealthProbe{cell="
        + cellId()
        + " pod="
        + podId()
        + " sequence="
        + sequence
        + " sent="
        + sendTimeNanos
        + "}";
  }
}
