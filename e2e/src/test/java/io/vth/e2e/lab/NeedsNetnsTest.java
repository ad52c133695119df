package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The skip-or-fail behaviour of {@link NeedsNetns}, on a sample test that needs a missing binary.
 */
class NeedsNetnsTest {

  /** Not run by itself (surefire skips nested classes); only through the engine test kit. */
  @NeedsNetns(binaries = "vth-no-such-binary-xyz")
  static class SampleNeedingAMissingBinary {
    @Test
    void wouldUseTheBinary() {}
  }

  @Test
  void skipsWithAClearMessageByDefault() {
    Events events = run("false");

    events.assertThatEvents().haveExactly(0, event(finishedWithFailure()));
    assertThat(events.skipped().count()).isEqualTo(1);
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                skippedWithReason(
                    r ->
                        r.startsWith("vth e2e skipped: ")
                            && r.contains("binary `vth-no-such-binary-xyz` not found")
                            && r.contains("VTH_E2E_REQUIRED=1 turns this skip into a failure"))));
  }

  /** A class-level condition fails the whole class, which fails the build like a failed test. */
  @Test
  void failsWhenRequired() {
    Events events = run("true");

    assertThat(events.skipped().count()).isZero();
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(SampleNeedingAMissingBinary.class),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains("VTH_E2E_REQUIRED=1 forbids skipping it")
                                && m.contains("vth-no-such-binary-xyz")))));
  }

  @Test
  void decisionLogic() {
    assertThat(NetnsCondition.decide(List.of(), true).isDisabled()).isFalse();
    ConditionEvaluationResult skip = NetnsCondition.decide(List.of("not running as root"), false);
    assertThat(skip.isDisabled()).isTrue();
    assertThat(skip.getReason())
        .hasValueSatisfying(r -> assertThat(r).contains("not running as root"));
    assertThatThrownBy(() -> NetnsCondition.decide(List.of("not running as root"), true))
        .hasMessageContaining("not running as root");
  }

  @Test
  void theParameterOverridesTheEnvironmentVariable() {
    assertThat(NetnsCondition.isRequired(Optional.empty(), "1")).isTrue();
    assertThat(NetnsCondition.isRequired(Optional.empty(), null)).isFalse();
    assertThat(NetnsCondition.isRequired(Optional.empty(), "0")).isFalse();
    assertThat(NetnsCondition.isRequired(Optional.of("false"), "1")).isFalse();
    assertThat(NetnsCondition.isRequired(Optional.of("true"), null)).isTrue();
  }

  private static Events run(String required) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(SampleNeedingAMissingBinary.class))
        .configurationParameter(NetnsCondition.REQUIRED_PARAMETER, required)
        .execute()
        .allEvents();
  }
}
