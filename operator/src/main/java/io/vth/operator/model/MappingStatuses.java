package io.vth.operator.model;

import io.vth.api.v1alpha1.TranslationMapping;
import io.vth.api.v1alpha1.TranslationMappingStatus;
import io.vth.api.v1alpha1.TranslationMappingStatus.State;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The status of a translation mapping from the hub's verdict on it: state, conflicts, Ready. */
public final class MappingStatuses {

  /** Condition: the mapping is in use. */
  public static final String READY = "Ready";

  private MappingStatuses() {}

  /** The status of {@code mapping} given {@code verdict}. */
  public static TranslationMappingStatus of(
      TranslationMapping mapping, OverlapResolver.MappingVerdict verdict, Instant now) {
    TranslationMappingStatus previous = mapping.getStatus();
    ConditionSet c = ConditionSet.over(mapping, now);
    TranslationMappingStatus s = new TranslationMappingStatus();
    s.observedGeneration = mapping.getMetadata().getGeneration();
    s.state = verdict.state();
    s.conflicts = verdict.conflicts();
    if (verdict.state() == State.Active) {
      s.activeSince =
          previous != null && previous.state == State.Active && previous.activeSince != null
              ? previous.activeSince
              : now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    c.set(READY, verdict.state() == State.Active, verdict.reason(), verdict.message());
    s.conditions = c.conditions();
    return s;
  }
}
