package io.vth.core.wire;

import java.util.Objects;

/**
 * Decodes any message into one of its reusable holders and enforces cell isolation: the entry point
 * of a pod's receive loop, one per worker.
 */
public final class WireReader {

  private final long ownCellId;
  private final ActionQuery query = new ActionQuery();
  private final ReplySegment replySegment = new ReplySegment();
  private final GenerationChange generationChange = new GenerationChange();
  private final HealthProbe healthProbe = new HealthProbe();
  private final HealthReply healthReply = new HealthReply();
  private final NeighborShare neighborShare = new NeighborShare();
  private WireMessage message;

  /** A reader that accepts messages only from senders of {@code ownCellId}. */
  public WireReader(long ownCellId) {
    this.ownCellId = ownCellId;
  }

  /**
   * Decodes the message of {@code len} bytes at {@code buf[off]}. On {@link WireError#NONE} the
   * message is in {@link #message()} and the holder for its type; on {@link WireError#FOREIGN_CELL}
   * it is there too, so that the caller can log who sent it, but must not act on it.
   *
   * @throws IndexOutOfBoundsException when {@code off} and {@code len} lie outside {@code buf}
   */
  public WireError read(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    message = null;
    WireError error = WireMessage.checkHeader(buf, off, len, null);
    if (error != WireError.NONE) {
      return error;
    }
    WireMessage holder = holderFor(MessageType.fromCode(buf[off + 5] & 0xff));
    error = holder.decode(buf, off, len);
    if (error != WireError.NONE) {
      return error;
    }
    message = holder;
    return holder.checkCell(ownCellId);
  }

  private WireMessage holderFor(MessageType type) {
    switch (type) {
      case ACTION_QUERY:
        return query;
      case ACTION_REPLY:
        return replySegment;
      case GENERATION_CHANGE:
        return generationChange;
      case HEALTH_PROBE:
        return healthProbe;
      case NEIGHBOR_SHARE:
        return neighborShare;
      default:
        return healthReply;
    }
  }

  /** The last message read, or null when the last read failed before the cell check. */
  public WireMessage message() {
    return message;
  }

  /** The type of {@link #message()}, or null. */
  public MessageType type() {
    return message == null ? null : message.type();
  }

  /** The holder for action queries. */
  public ActionQuery query() {
    return query;
  }

  /** The holder for action reply segments. */
  public ReplySegment replySegment() {
    return replySegment;
  }

  /** The holder for generation changes. */
  public GenerationChange generationChange() {
    return generationChange;
  }

  /** The holder for health probes. */
  public HealthProbe healthProbe() {
    return healthProbe;
  }

  /** The holder for neighbour shares. */
  public NeighborShare neighborShare() {
    return neighborShare;
  }

  /** The holder for health replies. */
  public HealthReply healthReply() {
    return healthReply;
  }
}
