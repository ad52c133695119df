package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.vth.api.v1alpha1.SharingSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may attach to a hub from another namespace. */
class SharingPolicyTest {

  @Test
  void theHubsOwnNamespaceAlwaysMay() {
    assertThat(SharingPolicy.check("net", "net/corp", null, "net", "a", Map.of())).isEmpty();
  }

  @Test
  void anotherNamespaceMustBeListedAndAcceptedWhenRequired() {
    SharingSpec sharing = new SharingSpec();
    assertThat(SharingPolicy.check("net", "net/corp", sharing, "team", "a", Map.of()))
        .hasValueSatisfying(p -> assertThat(p.reason()).isEqualTo("NamespaceNotAllowed"));

    sharing.namespaces = List.of("team");
    assertThat(SharingPolicy.check("net", "net/corp", sharing, "team", "a", Map.of())).isEmpty();

    sharing.requireAcceptance = true;
    assertThat(SharingPolicy.check("net", "net/corp", sharing, "team", "a", Map.of()))
        .hasValueSatisfying(
            p -> assertThat(p.message()).contains("team/a", "spec.sharing.accepted"));

    sharing.accepted = List.of("team/a");
    assertThat(SharingPolicy.check("net", "net/corp", sharing, "team", "a", Map.of())).isEmpty();
  }

  @Test
  void selectorsMatchLabelsAndExpressions() {
    var selector =
        new LabelSelectorBuilder()
            .addToMatchLabels("tier", "prod")
            .addNewMatchExpression()
            .withKey("team")
            .withOperator("In")
            .withValues("a", "b")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("legacy")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();

    assertThat(SharingPolicy.matches(selector, Map.of("tier", "prod", "team", "b"))).isTrue();
    assertThat(SharingPolicy.matches(selector, Map.of("tier", "prod", "team", "c"))).isFalse();
    assertThat(SharingPolicy.matches(selector, Map.of("tier", "prod", "team", "a", "legacy", "1")))
        .isFalse();
  }
}
