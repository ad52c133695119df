package io.vth.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.List;

/** Reads and writes the decision config document as JSON, validating what it reads. */
public final class DecisionConfigJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private DecisionConfigJson() {}

  /**
   * Parses and validates a document.
   *
   * @throws InvalidConfigException when the JSON is malformed, its schema version is unknown, or a
   *     field is invalid; the problems name each field and value
   */
  public static DecisionConfig parse(byte[] json) throws InvalidConfigException {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(List.of("document: not JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InvalidConfigException(List.of("document: unreadable: " + e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidConfigException(List.of("document: not a JSON object"));
    }
    JsonNode version = tree.get("schemaVersion");
    if (version == null || !version.canConvertToInt()) {
      throw new InvalidConfigException(List.of("schemaVersion: missing or not a number"));
    }
    if (version.asInt() != DecisionConfig.SCHEMA_VERSION) {
      throw new InvalidConfigException(
          List.of(
              "schemaVersion: "
                  + version.asInt()
                  + " is not supported; this pod reads version "
                  + DecisionConfig.SCHEMA_VERSION));
    }
    DecisionConfig config;
    try {
      config = MAPPER.treeToValue(tree, DecisionConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException(
          List.of(path(e) + ": unknown field \"" + e.getPropertyName() + "\""));
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(List.of(path(e) + ": " + e.getOriginalMessage()));
    }
    List<String> problems = DecisionConfigValidator.problems(config);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  /**
   * Writes a document as indented JSON (UTF-8); field order is fixed, so equal configs give equal
   * bytes.
   */
  public static byte[] write(DecisionConfig config) {
    try {
      return MAPPER.writeValueAsBytes(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a decision config always serializes", e);
    }
  }

  private static String path(JsonProcessingException e) {
    if (!(e instanceof com.fasterxml.jackson.databind.JsonMappingException m)) {
      return "document";
    }
    StringBuilder sb = new StringBuilder();
    for (var ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "document" : sb.toString();
  }
}
