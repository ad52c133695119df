package io.vth.e2e.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dig} (Debian {@code bind9-dnsutils}) run in a network namespace, with its answer parsed.
 *
 * @param status the response code dig printed ("NOERROR", "REFUSED", ...), or null when no answer
 *     came
 * @param answers the answer section's records
 * @param output what dig printed, for failure messages
 */
public record Dig(String status, List<Answer> answers, String output) {

  private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
  private static final Pattern FLAGS = Pattern.compile(";; flags:([a-z ]*);");

  /** One record of the answer section. */
  public record Answer(String name, long ttl, String type, String data) {}

  public Dig {
    answers = List.copyOf(answers);
  }

  /**
   * Asks {@code server} (UDP, one try, 2 s timeout) for {@code name} of {@code type} from {@code
   * network}.
   */
  public static Dig ask(NetnsLab lab, Network network, String server, String name, String type) {
    return ask(lab, network, server, name, type, 2);
  }

  /** Like {@link #ask(NetnsLab, Network, String, String, String)}, waiting {@code seconds}. */
  public static Dig ask(
      NetnsLab lab, Network network, String server, String name, String type, int seconds) {
    ProcessResult r =
        lab.exec(
            network,
            Duration.ofSeconds(seconds + 8L),
            "dig",
            "+time=" + seconds,
            "+tries=1",
            "+noedns",
            "@" + server,
            name,
            type);
    return parse(r.stdout() + r.stderr());
  }

  /**
   * Asks {@code server} for {@code name} of {@code type} from {@code network} with dig's own
   * defaults (EDNS, and a retry over TCP when the UDP answer is truncated) plus {@code options}
   * ("+tcp", "+noedns", ...): one try, {@code seconds} timeout.
   */
  public static Dig askWith(
      NetnsLab lab,
      Network network,
      String server,
      String name,
      String type,
      int seconds,
      String... options) {
    List<String> command = new ArrayList<>(List.of("dig", "+time=" + seconds, "+tries=1"));
    command.addAll(List.of(options));
    command.addAll(List.of("@" + server, name, type));
    ProcessResult r =
        lab.exec(network, Duration.ofSeconds(seconds + 8L), command.toArray(String[]::new));
    return parse(r.stdout() + r.stderr());
  }

  /** Whether the header dig printed has the TC flag. */
  public boolean truncated() {
    Matcher m = FLAGS.matcher(output);
    return m.find() && List.of(m.group(1).trim().split("\s+")).contains("tc");
  }

  /** Parses dig's default output. */
  public static Dig parse(String output) {
    Matcher m = STATUS.matcher(output);
    String status = m.find() ? m.group(1) : null;
    List<Answer> answers = new ArrayList<>();
    boolean inAnswer = false;
    for (String line : output.split("\n")) {
      if (line.startsWith(";; ANSWER SECTION:")) {
        inAnswer = true;
      } else if (inAnswer && line.isBlank()) {
        inAnswer = false;
      } else if (inAnswer && !line.startsWith(";")) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 5) {
          answers.add(new Answer(f[0], Long.parseLong(f[1]), f[3], f[4]));
        }
      }
    }
    return new Dig(status, answers, output);
  }

  /** The data of the answers of {@code type} ("A": the addresses). */
  public List<String> data(String type) {
    return answers.stream().filter(a -> a.type().equals(type)).map(Answer::data).toList();
  }
}
