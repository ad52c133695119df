package io.vth.core.wire;

import java.util.Objects;

/**
 * The answer to a {@link HealthProbe}: echoes its sequence and send time, and tells the prober the
 * responder's config generation and load.
 */
public final class HealthReply extends WireMessage {

  /** Length of every encoded health reply. */
  public static final int LENGTH = WireProtocol.HEADER_LENGTH + 28;

  private long sequence;
  private long probeTimeNanos;
  private long generation;
  private int queriesInFlight;

  @Override
  public MessageType type() {
    return MessageType.HEALTH_REPLY;
  }

  /**
   * Fills every field and returns this holder.
   *
   * @throws IllegalArgumentException when {@code queriesInFlight} is negative
   */
  public HealthReply set(
      long cellId,
      int podId,
      long sequence,
      long probeTimeNanos,
      long generation,
      int queriesInFlight) {
    if (queriesInFlight < 0) {
      throw new IllegalArgumentException("queries in flight " + queriesInFlight + " is negative");
    }
    setSender(cellId, podId);
    this.sequence = sequence;
    this.probeTimeNanos = probeTimeNanos;
    this.generation = generation;
    this.queriesInFlight = queriesInFlight;
    return this;
  }

  /** Fills the echoed fields from {@code probe} and the rest from the arguments; returns this. */
  public HealthReply answer(
      HealthProbe probe, long cellId, int podId, long generation, int queriesInFlight) {
    return set(cellId, podId, probe.sequence(), probe.sendTimeNanos(), generation, queriesInFlight);
  }

  /** The probe's sequence number. */
  public long sequence() {
    return sequence;
  }

  /** The probe's send time, echoed so the prober can compute the round trip without state. */
  public long probeTimeNanos() {
    return probeTimeNanos;
  }

  /** The responder's current config generation. */
  public long generation() {
    return generation;
  }

  /** The responder's load: action queries it is working on. */
  public int queriesInFlight() {
    return queriesInFlight;
  }

  /**
   * Writes the reply at {@code buf[off]} and returns its length, {@value #LENGTH}.
   *
   * @throws IndexOutOfBoundsException when the buffer is too small
   */
  public int encode(byte[] buf, int off) {
    Objects.checkFromIndexSize(off, LENGTH, buf.length);
    int p = writeHeader(buf, off);
    BigEndian.putLong(buf, p, sequence);
    BigEndian.putLong(buf, p + 8, probeTimeNanos);
    BigEndian.putLong(buf, p + 16, generation);
    BigEndian.putInt(buf, p + 24, queriesInFlight);
    return LENGTH;
  }

  @Override
  WireError decodeBody(byte[] buf, int off, int len) {
    WireError error = checkBodyLength(len, LENGTH - WireProtocol.HEADER_LENGTH);
    if (error != WireError.NONE) {
      return error;
    }
    int inFlight = BigEndian.getInt(buf, off + 24);
    if (inFlight < 0) {
      return WireError.FIELD_OUT_OF_RANGE;
    }
    sequence = BigEndian.getLong(buf, off);
    probeTimeNanos = BigEndian.getLong(buf, off + 8);
    generation = BigEndian.getLong(buf, off + 16);
    queriesInFlight = inFlight;
    return WireError.NONE;
  }

  @Override
  public String toString() {
    return "HealthReply{cell="
        + cellId()
        + " pod="
        + podId()
        + " sequence="
        + sequence
        + " probeTime="
        + probeTimeNanos
        + " generation="
        + generation
        + " inFlight="
        + queriesInFlight
        + "}";
  }
}
