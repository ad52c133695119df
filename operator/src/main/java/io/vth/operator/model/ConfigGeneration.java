package io.vth.operator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfigJson;
import java.io.IOException;
import java.util.Map;

/**
 * Chooses the generation of a decision config so that it only ever grows: the published one is kept
 * while the content (without its generation) is unchanged; any change takes one more than the
 * highest generation seen in the hub's status, the ConfigMap's annotation or the document itself.
 * All three survive an operator restart, so the generation never goes backwards.
 */
public final class ConfigGeneration {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The generation to publish and whether the content changed.
   *
   * @param generation the document's generation
   * @param contentHash hash of the content without the generation
   * @param changed whether the content differs from what the ConfigMap holds
   */
  public record Decision(long generation, String contentHash, boolean changed) {}

  private ConfigGeneration() {}

  /** The hash of {@code config}'s content, ignoring its generation. */
  public static String contentHash(DecisionConfig config) {
    return ObjectNames.sha256(
        DecisionConfigJson.write(DecisionConfigBuilder.withGeneration(config, 0)));
  }

  /**
   * The generation for {@code desired}, given the {@code current} ConfigMap (or null) and the hub's
   * {@code status.configGeneration} (or null).
   */
  public static Decision decide(DecisionConfig desired, ConfigMap current, Long statusGeneration) {
    String hash = contentHash(desired);
    long annotated = -1;
    if (current != null && current.getMetadata().getAnnotations() != null) {
      Map<String, String> annotations = current.getMetadata().getAnnotations();
      annotated = parse(annotations.get(CellLabels.CONFIG_GENERATION));
      if (hash.equals(annotations.get(CellLabels.CONFIG_CONTENT_HASH)) && annotated > 0) {
        return new Decision(annotated, hash, false);
      }
    }
    long highest = Math.max(annotated, statusGeneration == null ? 0 : statusGeneration);
    highest = Math.max(highest, documentGeneration(current));
    return new Decision(highest + 1, hash, true);
  }

  private static long documentGeneration(ConfigMap current) {
    if (current == null || current.getData() == null) {
      return -1;
    }
    String json = current.getData().get(DecisionConfigMaps.KEY);
    if (json == null) {
      return -1;
    }
    try {
      JsonNode g = JSON.readTree(json).get("generation");
      return g != null && g.canConvertToLong() ? g.asLong() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static long parse(String text) {
    try {
      return text == null ? -1 : Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
