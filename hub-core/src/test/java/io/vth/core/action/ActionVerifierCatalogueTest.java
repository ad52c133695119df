package io.vth.core.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The catalogue of malformed programs: each is rejected with its own specific reason. */
class ActionVerifierCatalogueTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.vth.core.action.MalformedPrograms#catalogue")
  void rejectsWithItsSpecificReason(
      String name, Supplier<ActionProgram> program, RejectReason reason, int index) {
    assertThatThrownBy(program::get)
        .isInstanceOfSatisfying(
            ActionRejectedException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.instructionIndex()).as(e.getMessage()).isEqualTo(index);
            });
  }

  @Test
  void catalogueCoversEveryReason() {
    assertThat(MalformedPrograms.catalogue().map(a -> (RejectReason) a.get()[2]).distinct())
        .containsExactlyInAnyOrder(RejectReason.values());
  }

  @Test
  void assemblerNamesTheLineOfARejectedInstruction() {
    assertThatThrownBy(
            () ->
                ActionAssembler.assemble(
                    "; header\nrequire 20, x\nldw r1, [17]\nx: call drop policy"))
        .isInstanceOf(ActionRejectedException.class)
        .hasMessageContaining("line 3: bytes 17..20 but only 20 bytes are proven by require");
  }
}
