package io.vth.operator.model;

import io.fabric8.kubernetes.client.CustomResource;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.Condition.Status;
import io.vth.api.v1alpha1.VthStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a status' conditions from the previous ones: each condition keeps its {@code
 * lastTransitionTime} while its status stays the same, and carries the observed generation.
 */
public final class ConditionSet {

  private final List<Condition> previous;
  private final long observedGeneration;
  private final String now;
  private final List<Condition> conditions = new ArrayList<>();

  /**
   * A set built over {@code previous} conditions for the object's {@code generation} at {@code
   * now}.
   */
  public ConditionSet(List<Condition> previous, Long generation, Instant now) {
    this.previous = previous == null ? List.of() : previous;
    this.observedGeneration = generation == null ? 0 : generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A set over {@code object}'s current conditions, for its current generation, at {@code now}. */
  public static ConditionSet over(CustomResource<?, ? extends VthStatus> object, Instant now) {
    VthStatus previous = object.getStatus();
    return new ConditionSet(
        previous == null ? null : previous.conditions, object.getMetadata().getGeneration(), now);
  }

  /** Sets condition {@code type}; later calls for the same type replace earlier ones. */
  public ConditionSet set(String type, boolean holds, String reason, String message) {
    return set(type, holds ? Status.True : Status.False, reason, message);
  }

  /** Sets condition {@code type} to {@code status}. */
  public ConditionSet set(String type, Status status, String reason, String message) {
    conditions.removeIf(c -> c.type.equals(type));
    Condition c = new Condition(type, status, reason, message);
    c.observedGeneration = observedGeneration;
    c.lastTransitionTime =
        previous.stream()
            .filter(p -> type.equals(p.type) && p.status == status && p.lastTransitionTime != null)
            .map(p -> p.lastTransitionTime)
            .findFirst()
            .orElse(now);
    conditions.add(c);
    return this;
  }

  /** Whether condition {@code type} was set True. */
  public boolean isTrue(String type) {
    return conditions.stream().anyMatch(c -> c.type.equals(type) && c.status == Status.True);
  }

  /** The conditions in the order they were set. */
  public List<Condition> conditions() {
    return List.copyOf(conditions);
  }

  /** The condition {@code type} in {@code conditions}, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> Objects.equals(c.type, type)).findFirst().orElse(null);
  }

  /** Whether condition {@code type} in {@code conditions} is True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    Condition c = find(conditions, type);
    return c != null && c.status == Status.True;
  }
}
