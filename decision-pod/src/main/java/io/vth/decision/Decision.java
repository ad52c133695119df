package io.vth.decision;

import io.vth.core.action.DropReason;
import io.vth.core.addr.PrefixTranslation;
import io.vth.decision.DecisionTables.AttachmentInfo;

/**
 * What the decision pod decided for a flow: forward to an egress attachment (with the source and
 * destination translations that apply), or drop with a reason.
 *
 * @param drop the drop reason, or null to forward
 * @param ingress the attachment the flow comes from (null when its VNI is unknown)
 * @param egress the attachment the flow goes to (null when dropped)
 * @param source translation of the source address leaving a translated network, or null
 * @param destination translation back to the real destination of a translated range, or null
 */
public record Decision(
    DropReason drop,
    AttachmentInfo ingress,
    AttachmentInfo egress,
    PrefixTranslation source,
    PrefixTranslation destination) {

  /** A drop with {@code reason}. */
  public static Decision drop(DropReason reason, AttachmentInfo ingress) {
    return new Decision(reason, ingress, null, null, null);
  }

  /** Whether the flow is forwarded. */
  public boolean forwards() {
    return drop == null;
  }
}
