package io.vth.core.wire;

/** The kinds of message, with the type byte that names each on the wire. */
public enum MessageType {
  /** A dataplane pod asks a decision pod for the action of a flow. */
  ACTION_QUERY(1),
  /** One segment of a decision pod's answer to an action query. */
  ACTION_REPLY(2),
  /** A decision pod announces a new config generation. */
  GENERATION_CHANGE(3),
  /** A liveness and latency probe. */
  HEALTH_PROBE(4),
  /** The answer to a health probe. */
  HEALTH_REPLY(5),
  /** A dataplane pod shares the neighbours it learned with the other dataplane pods of its cell. */
  NEIGHBOR_SHARE(6);

  // values() clones its array on every call; the decoder looks types up per packet.
  private static final MessageType[] BY_CODE = {
    null, ACTION_QUERY, ACTION_REPLY, GENERATION_CHANGE, HEALTH_PROBE, HEALTH_REPLY, NEIGHBOR_SHARE
  };

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /** The type byte. */
  public int code() {
    return code;
  }

  /** The type with this type byte, or null when the byte names no type. */
  public static MessageType fromCode(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
