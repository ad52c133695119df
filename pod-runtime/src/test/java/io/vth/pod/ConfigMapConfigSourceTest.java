package io.vth.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pods' ConfigMap intake, against the Fabric8 mock API server in CRUD mode (a stand-in for a
 * real API server): new generations are taken, invalid documents are rejected and counted, and the
 * last good config stays.
 */
@EnableKubernetesMockClient(crud = true)
class ConfigMapConfigSourceTest {

  KubernetesClient client;

  private static ConfigMap configMap(String json) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("corp-decision-config")
        .withNamespace("vth")
        .endMetadata()
        .addToData(ConfigMapConfigSource.KEY, json)
        .build();
  }

  private static String document(long generation) {
    return new String(
        DecisionConfigJson.write(
            new DecisionConfig(DecisionConfig.SCHEMA_VERSION, generation, "corp", List.of())),
        StandardCharsets.UTF_8);
  }

  @Test
  void newGenerationsAreTakenAndBadDocumentsRejected() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    client.configMaps().inNamespace("vth").resource(configMap(document(1))).create();
    ConfigHolder holder = new ConfigHolder();
    try (ConfigMapConfigSource source =
        new ConfigMapConfigSource(client, "vth", "corp-decision-config", registry)) {
      source.start(holder);
      await().atMost(Duration.ofSeconds(10)).until(() -> holder.generation() == 1);

      client.configMaps().inNamespace("vth").resource(configMap(document(2))).update();
      await().atMost(Duration.ofSeconds(10)).until(() -> holder.generation() == 2);

      client
          .configMaps()
          .inNamespace("vth")
          .resource(configMap("{\"schemaVersion\": 1, \"generation\": \"x\"}"))
          .update();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> registry.get("vth_config_rejected_total").counter().count() == 1);
      assertThat(holder.generation()).as("the last good config stays").isEqualTo(2);

      client.configMaps().inNamespace("vth").resource(configMap(document(1))).update();
      client.configMaps().inNamespace("vth").resource(configMap(document(3))).update();
      await().atMost(Duration.ofSeconds(10)).until(() -> holder.generation() == 3);
    }
  }
}
