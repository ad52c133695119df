package io.vth.operator.reconciler;

import io.vth.api.v1alpha1.HubAttachmentStatus;
import java.util.List;

/** The Event {@value #DETECTED} and its text. */
final class OverlapEvents {

  /** Reason of the Event recorded when an overlap appears or changes. */
  static final String DETECTED = "AddressOverlapDetected";

  private OverlapEvents() {}

  /** {@code ranges with other; ...}. */
  static String describe(List<HubAttachmentStatus.AttachmentOverlap> overlaps) {
    return String.join(
        "; ",
        overlaps.stream()
            .map(o -> String.join(", ", o.ranges) + " overlaps " + o.attachment)
            .toList());
  }
}
