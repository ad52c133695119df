package io.vth.operator.model;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published generation only grows, whatever was lost. */
class ConfigGenerationTest {

  private final VirtualTrafficHub corp = hub("net", "corp", "a");
  private final DecisionConfig one = config("10.0.0.0/16");
  private final DecisionConfig two = config("10.0.0.0/16", "10.1.0.0/16");

  @Test
  void theFirstPublicationIsGenerationOne() {
    var d = ConfigGeneration.decide(one, null, null);

    assertThat(d.generation()).isEqualTo(1);
    assertThat(d.changed()).isTrue();
  }

  @Test
  void unchangedContentKeepsItsGeneration() {
    ConfigMap published = published(one, 7);

    var d = ConfigGeneration.decide(one, published, 7L);

    assertThat(d.generation()).isEqualTo(7);
    assertThat(d.changed()).isFalse();
  }

  @Test
  void changedContentTakesOneMoreThanTheHighestSeen() {
    assertThat(ConfigGeneration.decide(two, published(one, 7), 7L).generation()).isEqualTo(8);
    assertThat(ConfigGeneration.decide(two, published(one, 7), 12L).generation()).isEqualTo(13);
  }

  @Test
  void aDeletedConfigMapContinuesFromTheStatus() {
    assertThat(ConfigGeneration.decide(one, null, 9L).generation()).isEqualTo(10);
  }

  @Test
  void aLostStatusContinuesFromTheConfigMapsDocument() {
    ConfigMap published = published(one, 21);
    published.getMetadata().setAnnotations(Map.of());

    assertThat(ConfigGeneration.decide(two, published, null).generation()).isEqualTo(22);
  }

  private DecisionConfig config(String... cidrs) {
    List<io.vth.api.v1alpha1.HubAttachment> attachments = new java.util.ArrayList<>();
    for (int i = 0; i < cidrs.length; i++) {
      attachments.add(attachment("net", "a" + i, "net", "corp", cidrs[i]));
    }
    return HubPlanner.plan(new HubPlanner.Inputs(corp, attachments, List.of(), Map.of())).config();
  }

  private ConfigMap published(DecisionConfig config, long generation) {
    return DecisionConfigMaps.desired(
        corp,
        "corp",
        config,
        new ConfigGeneration.Decision(generation, ConfigGeneration.contentHash(config), true));
  }
}
