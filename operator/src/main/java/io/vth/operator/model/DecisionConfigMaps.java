package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The ConfigMap {@code <cell>-decision-config} that publishes a cell's decision config. */
public final class DecisionConfigMaps {

  /** The key pods read the document from (the pods' {@code ConfigMapConfigSource.KEY}). */
  public static final String KEY = "decision-config.json";

  private DecisionConfigMaps() {}

  /** The ConfigMap holding {@code config} stamped with {@code decision}'s generation. */
  public static ConfigMap desired(
      VirtualTrafficHub hub,
      String cell,
      DecisionConfig config,
      ConfigGeneration.Decision decision) {
    DecisionConfig stamped = DecisionConfigBuilder.withGeneration(config, decision.generation());
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(ObjectNames.decisionConfig(cell))
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(CellLabels.common(cell, "decision-config"))
        .addToLabels(CellLabels.CELL, cell)
        .withAnnotations(
            Map.of(
                CellLabels.CONFIG_GENERATION,
                Long.toString(decision.generation()),
                CellLabels.CONFIG_CONTENT_HASH,
                decision.contentHash()))
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withData(
            Map.of(KEY, new String(DecisionConfigJson.write(stamped), StandardCharsets.UTF_8)))
        .build();
  }
}
