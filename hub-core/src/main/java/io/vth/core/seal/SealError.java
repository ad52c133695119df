package io.vth.core.seal;

/** Why a received datagram was not accepted; {@link #NONE} when it was. */
public enum SealError {
  /** The datagram is authentic, meant for this socket, fresh and new. */
  NONE("none"),
  /** Too short to carry a header and a trailer: not from a pod of a keyed cell. */
  UNSEALED("unsealed"),
  /** The tag is wrong under every key of the cell: forged, damaged, or from another cell. */
  BAD_TAG("bad_tag"),
  /** Authentic, but sealed for another address or port: replayed to a socket it was not for. */
  WRONG_DESTINATION("wrong_destination"),
  /** The timestamp is further from this pod's clock than the allowed skew. */
  STALE("stale"),
  /** The sender's sequence number was seen already or is older than the window: a replay. */
  REPLAYED("replayed");

  private final String label;

  SealError(String label) {
    this.label = label;
  }

  /** The metric label of the reason. */
  public String label() {
    return label;
  }
}
