package io.vth.operator.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The planner's dry run on the overlap example: the overlap, and what each policy would do. */
class OverlapCheckTest {

  @Test
  void reportsTheOverlapAndEachPolicysEffect() throws Exception {
    String report = OverlapCheck.report("../examples/overlap");
    assertThat(report)
        .contains("vth-overlap/net-c overlaps vth-overlap/net-b on [192.168.1.0/24]")
        .contains("vth-overlap/net-b: connected as it is (it attached first)")
        .containsPattern(
            "policy Reject:\n.*\n  vth-overlap/net-c: not connected \\(AddressOverlap\\)")
        .containsPattern(
            "policy Notify:\n.*\n  vth-overlap/net-c: connected without \\[192.168.1.0/24\\]")
        .containsPattern(
            "policy Propose:\n.*\n  vth-overlap/net-c: proposes TranslationMapping \\S+"
                + " 192.168.1.0/24 -> 100\\.64\\.")
        .containsPattern(
            "policy Automatic:\n.*\n  vth-overlap/net-c: translated 192.168.1.0/24 -> 100\\.64\\.");
    assertThat(report).doesNotContain("net-a:");
  }

  @Test
  void noHubIsAClearError() {
    assertThatThrownBy(() -> OverlapCheck.report("../examples/overlap/attachments.yaml"))
        .hasMessageContaining("no VirtualTrafficHub in ../examples/overlap/attachments.yaml");
  }
}
