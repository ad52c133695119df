package io.vth.operator.reconciler;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.VthStatus;
import io.vth.operator.model.ConditionSet;
import java.util.Objects;

/** Compares statuses, so a status is patched only when it changed. */
final class StatusDiff {

  private StatusDiff() {}

  /** Whether {@code next} differs from {@code current}. */
  static boolean changed(Object current, Object next) {
    return current == null || !Serialization.asJson(current).equals(Serialization.asJson(next));
  }

  /** Whether condition {@code type} changed status or reason between the two. */
  static boolean transitioned(VthStatus current, VthStatus next, String type) {
    Condition before = current == null ? null : ConditionSet.find(current.conditions, type);
    Condition after = ConditionSet.find(next.conditions, type);
    if (after == null) {
      return false;
    }
    return before == null
        || before.status != after.status
        || !Objects.equals(before.reason, after.reason);
  }
}
