package io.vth.core.wire;

import io.vth.core.flow.FlowKey;
import java.util.Objects;

/**
 * A dataplane pod's question to a decision pod: which action applies to this flow? The flow key
 * carries the ingress attachment's VNI.
 */
public final class ActionQuery extends WireMessage {

  /** Length of every encoded query. */
  public static final int LENGTH = WireProtocol.HEADER_LENGTH + 16 + FlowKey.ENCODED_LENGTH;

  private long requestId;
  private long knownGeneration;
  private final FlowKey flow = new FlowKey();

  @Override
  public MessageType type() {
    return MessageType.ACTION_QUERY;
  }

  /** Fills every field (copying {@code flow}) and returns this holder. */
  public ActionQuery set(
      long cellId, int podId, long requestId, long knownGeneration, FlowKey flow) {
    setSender(cellId, podId);
    this.requestId = requestId;
    this.knownGeneration = knownGeneration;
    this.flow.copyFrom(flow);
    return this;
  }

  /** The sender's id for this query, echoed by the reply. */
  public long requestId() {
    return requestId;
  }

  /** The config generation the sender knows. */
  public long knownGeneration() {
    return knownGeneration;
  }

  /** The flow asked about; owned by this holder and overwritten by the next decode. */
  public FlowKey flow() {
    return flow;
  }

  /**
   * Writes the query at {@code buf[off]} and returns its length, {@value #LENGTH}.
   *
   * @throws IndexOutOfBoundsException when the buffer is too small
   */
  public int encode(byte[] buf, int off) {
    Objects.checkFromIndexSize(off, LENGTH, buf.length);
    int p = writeHeader(buf, off);
    BigEndian.putLong(buf, p, requestId);
    BigEndian.putLong(buf, p + 8, knownGeneration);
    flow.write(buf, p + 16);
    return LENGTH;
  }

  @Override
  WireError decodeBody(byte[] buf, int off, int len) {
    WireError error = checkBodyLength(len, LENGTH - WireProtocol.HEADER_LENGTH);
    if (error != WireError.NONE) {
      return error;
    }
    if (!isValidFlowKey(buf, off + 16)) {
      return WireError.BAD_FLOW_KEY;
    }
    requestId = BigEndian.getLong(buf, off);
    knownGeneration = BigEndian.getLong(buf, off + 8);
    flow.read(buf, off + 16);
    return WireError.NONE;
  }

  @Override
  public String toString() {
    return "ActionQuery{cell="
        + cellId()
        + " pod="
        + podId()
        + " request="
        + requestId
        + " generation="
        + knownGeneration
        + " flow="
        + flow
        + "}";
  }
}
