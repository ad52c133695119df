package io.vth.e2e.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * What {@code iperf3 --json} reported at the end of a client run.
 *
 * @param protocol "TCP" or "UDP"
 * @param seconds measured duration in seconds
 * @param bytesSent bytes the client sent
 * @param sentBitsPerSecond throughput as sent by the client
 * @param receivedBitsPerSecond throughput as received by the server (TCP); for UDP the same as sent
 * @param retransmits TCP retransmissions (empty for UDP or when not reported)
 * @param lostPercent UDP loss in percent (empty for TCP)
 * @param error iperf3's own error message, if it reported one
 * @param json the raw JSON document
 */
public record IperfResult(
    String protocol,
    double seconds,
    long bytesSent,
    double sentBitsPerSecond,
    double receivedBitsPerSecond,
    Optional<Long> retransmits,
    Optional<Double> lostPercent,
    Optional<String> error,
    String json) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Parses the document {@code iperf3 -c ... --json} prints. */
  public static IperfResult parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new LabException("iperf3 printed no valid JSON: " + e.getMessage() + "\n" + json, e);
    }
    if (root == null || !root.isObject()) {
      throw new LabException("iperf3 printed no JSON object:\n" + json);
    }
    Optional<String> error =
        root.hasNonNull("error") ? Optional.of(root.get("error").asText()) : Optional.empty();
    String protocol = root.path("start").path("test_start").path("protocol").asText("TCP");
    JsonNode end = root.path("end");
    if ("UDP".equals(protocol)) {
      JsonNode sum = end.path("sum");
      double bps = sum.path("bits_per_second").asDouble(0);
      return new IperfResult(
          protocol,
          sum.path("seconds").asDouble(0),
          sum.path("bytes").asLong(0),
          bps,
          end.path("sum_received").path("bits_per_second").asDouble(bps),
          Optional.empty(),
          sum.has("lost_percent")
              ? Optional.of(sum.get("lost_percent").asDouble())
              : Optional.empty(),
          error,
          json);
    }
    JsonNode sent = end.path("sum_sent");
    JsonNode received = end.path("sum_received");
    return new IperfResult(
        protocol,
        received.path("seconds").asDouble(sent.path("seconds").asDouble(0)),
        sent.path("bytes").asLong(0),
        sent.path("bits_per_second").asDouble(0),
        received.path("bits_per_second").asDouble(0),
        sent.has("retransmits") ? Optional.of(sent.get("retransmits").asLong()) : Optional.empty(),
        Optional.empty(),
        error,
        json);
  }

  /** Received throughput in Gbit/s, for printing. */
  public double receivedGbps() {
    return receivedBitsPerSecond / 1e9;
  }

  /** A one-line human summary. */
  public String summary() {
    return String.format(
        "%s %.2f s: %.3f Gbit/s received, %.3f Gbit/s sent%s%s",
        protocol,
        seconds,
        receivedBitsPerSecond / 1e9,
        sentBitsPerSecond / 1e9,
        retransmits.map(r -> ", " + r + " retransmits").orElse(""),
        lostPercent.map(l -> String.format(", %.2f%% lost", l)).orElse(""));
  }
}
