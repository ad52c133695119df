package io.vth.core.wire;

/** Thrown by the convenience decoders for tests and tools; the hot path uses {@link WireError}. */
public final class WireFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final WireError error;

  /** An exception for a message of {@code type} rejected for {@code error}. */
  public WireFormatException(WireError error, MessageType type) {
    super("cannot decode " + type + ": " + error + " (" + error.description() + ")");
    this.error = error;
  }

  /** The reason the message was rejected. */
  public WireError error() {
    return error;
  }
}
