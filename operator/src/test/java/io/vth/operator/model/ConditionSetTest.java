package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conditions keep their transition time while their status holds. */
class ConditionSetTest {

  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> first =
        new ConditionSet(null, 1L, T1).set("Ready", false, "Waiting", "x").conditions();

    Condition same =
        new ConditionSet(first, 2L, T2)
            .set("Ready", false, "StillWaiting", "y")
            .conditions()
            .get(0);
    Condition flipped =
        new ConditionSet(first, 2L, T2).set("Ready", true, "Ready", "z").conditions().get(0);

    assertThat(same.lastTransitionTime).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(same.observedGeneration).isEqualTo(2L);
    assertThat(flipped.lastTransitionTime).isEqualTo("2026-01-01T00:05:00Z");
  }

  @Test
  void settingATypeAgainReplacesIt() {
    var set =
        new ConditionSet(null, 1L, T1).set("Ready", false, "A", "a").set("Ready", true, "B", "b");

    assertThat(set.conditions()).singleElement().extracting(c -> c.reason).isEqualTo("B");
    assertThat(set.isTrue("Ready")).isTrue();
  }
}
