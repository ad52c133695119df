package io.vth.operator.reconciler;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Configuration properties whose value is JSON (maps and lists the chart passes as env vars). */
final class JsonProperty {

  private JsonProperty() {}

  /**
   * Parses {@code value}; an absent or empty value, or {@code null}, gives {@code empty}.
   *
   * @throws IllegalArgumentException naming the property and its value when it is not such JSON
   */
  static <T> T parse(String property, Optional<String> value, TypeReference<T> type, T empty) {
    String text = value.map(String::strip).orElse("");
    if (text.isEmpty() || text.equals("null")) {
      return empty;
    }
    try {
      T parsed = new ObjectMapper().readValue(text, type);
      return parsed == null ? empty : parsed;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          property + ": \"" + text + "\" is not valid JSON of the expected shape", e);
    }
  }
}
