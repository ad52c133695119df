package io.vth.e2e.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code ping -n} (iputils) reported.
 *
 * @param transmitted echo requests sent
 * @param received echo replies received
 * @param ttls the TTL of each reply, in arrival order
 * @param rttMinMs minimum round-trip time in milliseconds (empty when nothing was received)
 * @param rttAvgMs average round-trip time in milliseconds
 * @param rttMaxMs maximum round-trip time in milliseconds
 * @param icmpErrors lines reporting ICMP errors such as "From 169.254.10.1 icmp_seq=1 Destination
 *     Net Unreachable"
 * @param raw the whole output (stdout, then stderr), for failure messages
 */
public record PingResult(
    int transmitted,
    int received,
    List<Integer> ttls,
    OptionalDouble rttMinMs,
    OptionalDouble rttAvgMs,
    OptionalDouble rttMaxMs,
    List<String> icmpErrors,
    String raw) {

  private static final Pattern SUMMARY =
      Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");
  private static final Pattern REPLY = Pattern.compile("^\\d+ bytes from .*\\bttl=(\\d+)\\b");
  private static final Pattern RTT =
      Pattern.compile("(?:rtt|round-trip) min/avg/max(?:/\\S+)? = ([\\d.]+)/([\\d.]+)/([\\d.]+)");
  private static final Pattern ERROR = Pattern.compile("^From \\S+ .*icmp_seq=\\d+ .*$");

  public PingResult {
    ttls = List.copyOf(ttls);
    icmpErrors = List.copyOf(icmpErrors);
  }

  /** Parses the output of iputils {@code ping -n}. */
  public static PingResult parse(String output) {
    int transmitted = 0;
    int received = 0;
    List<Integer> ttls = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    OptionalDouble min = OptionalDouble.empty();
    OptionalDouble avg = OptionalDouble.empty();
    OptionalDouble max = OptionalDouble.empty();
    for (String line : output.split("\\R")) {
      String l = line.strip();
      Matcher m = REPLY.matcher(l);
      if (m.find()) {
        ttls.add(Integer.parseInt(m.group(1)));
        continue;
      }
      m = SUMMARY.matcher(l);
      if (m.find()) {
        transmitted = Integer.parseInt(m.group(1));
        received = Integer.parseInt(m.group(2));
        continue;
      }
      m = RTT.matcher(l);
      if (m.find()) {
        min = OptionalDouble.of(Double.parseDouble(m.group(1)));
        avg = OptionalDouble.of(Double.parseDouble(m.group(2)));
        max = OptionalDouble.of(Double.parseDouble(m.group(3)));
        continue;
      }
      if (ERROR.matcher(l).matches()) {
        errors.add(l);
      }
    }
    return new PingResult(transmitted, received, ttls, min, avg, max, errors, output);
  }

  /** True when every request got a reply. */
  public boolean allReceived() {
    return transmitted > 0 && received == transmitted;
  }
}
