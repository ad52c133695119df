package io.vth.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vth.core.config.DecisionConfigJson;
import io.vth.core.config.InvalidConfigException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the ConfigMap the operator publishes the cell's decision config in (a Fabric8 informer).
 */
public final class ConfigMapConfigSource implements ConfigSource {

  /** The ConfigMap key that holds the JSON document. */
  public static final String KEY = "decision-config.json";

  private static final Logger LOG = LoggerFactory.getLogger(ConfigMapConfigSource.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Counter rejected;
  private final boolean ownsClient;
  private SharedIndexInformer<ConfigMap> informer;

  /** Watches ConfigMap {@code namespace/name} through {@code client}, which the caller closes. */
  public ConfigMapConfigSource(
      KubernetesClient client, String namespace, String name, MeterRegistry registry) {
    this(client, namespace, name, registry, false);
  }

  /** Watches ConfigMap {@code namespace/name}; closes {@code client} on close when it owns it. */
  public ConfigMapConfigSource(
      KubernetesClient client,
      String namespace,
      String name,
      MeterRegistry registry,
      boolean ownsClient) {
    this.ownsClient = ownsClient;
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.rejected =
        Counter.builder("vth_config_rejected_total")
            .description("Decision config documents rejected as invalid")
            .register(registry);
  }

  @Override
  public void start(ConfigHolder holder) {
    informer =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap cm) {
                    take(cm, holder);
                  }

                  @Override
                  public void onUpdate(ConfigMap old, ConfigMap cm) {
                    take(cm, holder);
                  }

                  @Override
                  public void onDelete(ConfigMap cm, boolean unknownFinalState) {
                    LOG.warn("ConfigMap {} deleted; keeping the last good config", describe());
                  }
                });
  }

  private void take(ConfigMap cm, ConfigHolder holder) {
    String json = cm.getData() == null ? null : cm.getData().get(KEY);
    if (json == null) {
      rejected.increment();
      LOG.error("ConfigMap {} has no key {}; keeping the current config", describe(), KEY);
      return;
    }
    try {
      var config = DecisionConfigJson.parse(json.getBytes(StandardCharsets.UTF_8));
      if (holder.offer(config)) {
        LOG.info("decision config generation {} taken from {}", config.generation(), describe());
      }
    } catch (InvalidConfigException e) {
      rejected.increment();
      LOG.error("{} rejected, keeping the current config: {}", describe(), e.getMessage());
    }
  }

  @Override
  public String describe() {
    return "ConfigMap " + namespace + "/" + name;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    if (ownsClient) {
      client.close();
    }
  }
}
