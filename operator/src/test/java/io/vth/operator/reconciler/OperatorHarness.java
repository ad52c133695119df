package io.vth.operator.reconciler;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import io.vth.operator.model.ConditionSet;
import io.vth.operator.model.ObjectNames;
import io.vth.operator.model.RouteTables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ThrowingRunnable;

/** Reads and waits on what the operator wrote in the mock API server; prints state on failure. */
final class OperatorHarness {

  private final KubernetesClient client;

  OperatorHarness(KubernetesClient client) {
    this.client = client;
  }

  void namespaces(String... names) {
    for (String n : names) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
          .createOr(c -> c.update());
    }
  }

  <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(T object) {
    return client.resource(object).create();
  }

  HubAttachment attachment(String namespace, String name) {
    return client.resources(HubAttachment.class).inNamespace(namespace).withName(name).get();
  }

  VirtualTrafficHub hub(String namespace, String name) {
    return client.resources(VirtualTrafficHub.class).inNamespace(namespace).withName(name).get();
  }

  /**
   * Changes the spec of hub {@code namespace/name} with a patch (no conflict with status writes).
   */
  void editHub(
      String namespace, String name, java.util.function.Consumer<VirtualTrafficHub> change) {
    edit(VirtualTrafficHub.class, namespace, name, change);
  }

  /**
   * Edits {@code namespace/name} of {@code type}, retrying when a status write of the operator got
   * in between (409 Conflict).
   */
  <T extends io.fabric8.kubernetes.api.model.HasMetadata> void edit(
      Class<T> type, String namespace, String name, java.util.function.Consumer<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .resources(type)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                o -> {
                  change.accept(o);
                  return o;
                });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 20) {
          throw e;
        }
      }
    }
  }

  Condition condition(HubAttachment a, String type) {
    return a == null || a.getStatus() == null
        ? null
        : ConditionSet.find(a.getStatus().conditions, type);
  }

  /** The published decision config of {@code cell} in {@code namespace}, or null. */
  DecisionConfig config(String namespace, String cell) throws Exception {
    ConfigMap cm =
        client.configMaps().inNamespace(namespace).withName(ObjectNames.decisionConfig(cell)).get();
    if (cm == null) {
      return null;
    }
    return DecisionConfigJson.parse(
        cm.getData().get("decision-config.json").getBytes(StandardCharsets.UTF_8));
  }

  /** The prefixes listed in the route table of attachment {@code namespace/name}, or null. */
  List<String> routeTable(String namespace, String name) {
    ConfigMap cm =
        client.configMaps().inNamespace(namespace).withName(ObjectNames.routeTable(name)).get();
    if (cm == null) {
      return null;
    }
    String text = cm.getData().get(RouteTables.PREFIXES_KEY);
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
  }

  /** Every route prefix of {@code domain} in {@code config}. */
  static Map<String, String> routes(DecisionConfig config, String domain) {
    return config.hubs().get(0).domains().stream()
        .filter(d -> d.name().equals(domain))
        .flatMap(d -> d.routes().stream())
        .collect(
            java.util.stream.Collectors.toMap(
                DecisionConfig.Route::prefix, r -> r.blackhole() ? "blackhole" : r.attachment()));
  }

  /**
   * Waits up to 30 s for {@code assertion}; on timeout prints the hubs and attachments of {@code
   * namespaces}.
   */
  void eventually(ThrowingRunnable assertion, String... namespaces) {
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .untilAsserted(assertion);
    } catch (Throwable t) {
      for (String ns : namespaces) {
        System.err.println("---- state of " + ns);
        client
            .resources(VirtualTrafficHub.class)
            .inNamespace(ns)
            .list()
            .getItems()
            .forEach(h -> System.err.println(Serialization.asYaml(h)));
        client
            .resources(HubAttachment.class)
            .inNamespace(ns)
            .list()
            .getItems()
            .forEach(a -> System.err.println(Serialization.asYaml(a)));
      }
      throw t;
    }
  }
}
