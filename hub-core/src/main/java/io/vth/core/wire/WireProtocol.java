package io.vth.core.wire;

/** The constants of the pod-to-pod protocol: header layout, version and size limits. */
public final class WireProtocol {

  /** The first four bytes of every message: ASCII {@code "VTH1"}. */
  public static final int MAGIC = 0x56544831;

  /** The only protocol version this code speaks; any other is rejected. */
  public static final int VERSION = 1;

  /** Magic (4), version (1), type (1), cell id (8), pod id (4). */
  public static final int HEADER_LENGTH = 18;

  /** The largest UDP payload over IPv4, so no datagram we write can exceed it. */
  public static final int MAX_DATAGRAM_SIZE = 65_507;

  /** The datagram size replies are split for unless the caller says otherwise. */
  public static final int DEFAULT_MAX_DATAGRAM_SIZE = 1400;

  /**
   * The smallest datagram size a reply may be split for; it keeps the number of segments per reply
   * small (see {@link #MAX_SEGMENTS}).
   */
  public static final int MIN_DATAGRAM_SIZE = 512;

  /** The largest action program a reply may carry. */
  public static final int MAX_PROGRAM_LENGTH = 65_535;

  /** Header plus the fixed reply fields that precede a segment's program bytes. */
  public static final int REPLY_FIXED_LENGTH = HEADER_LENGTH + 76;

  /** The smallest program bytes per segment a sender may use (from {@link #MIN_DATAGRAM_SIZE}). */
  public static final int MIN_SEGMENT_STRIDE = MIN_DATAGRAM_SIZE - REPLY_FIXED_LENGTH;

  /** The largest program bytes per segment (from {@link #MAX_DATAGRAM_SIZE}). */
  public static final int MAX_SEGMENT_STRIDE = MAX_DATAGRAM_SIZE - REPLY_FIXED_LENGTH;

  /** The most segments a valid reply can have. */
  public static final int MAX_SEGMENTS =
      (MAX_PROGRAM_LENGTH + MIN_SEGMENT_STRIDE - 1) / MIN_SEGMENT_STRIDE;

  private WireProtocol() {}
}
