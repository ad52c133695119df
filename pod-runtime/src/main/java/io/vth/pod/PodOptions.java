package io.vth.pod;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Command-line options of a pod, {@code --name=value} or {@code --name value}, each also readable
 * from an environment variable {@code VTH_NAME} (upper case, dashes as underscores).
 */
public final class PodOptions {

  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> env;

  private PodOptions(Map<String, String> env) {
    this.env = env;
  }

  /** Parses {@code args}; unknown shapes are rejected with the offending argument quoted. */
  public static PodOptions parse(String[] args, Map<String, String> env) {
    PodOptions o = new PodOptions(env);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new IllegalArgumentException(
            "argument \"" + a + "\" is not of the form --name=value");
      }
      int eq = a.indexOf('=');
      if (eq > 0) {
        o.values.put(a.substring(2, eq), a.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        o.values.put(a.substring(2), args[++i]);
      } else {
        o.values.put(a.substring(2), "true");
      }
    }
    return o;
  }

  /** The value of option {@code name}, from the arguments or the environment. */
  public Optional<String> get(String name) {
    String v = values.get(name);
    if (v == null) {
      v = env.get("VTH_" + name.toUpperCase().replace('-', '_'));
    }
    return Optional.ofNullable(v).filter(s -> !s.isEmpty());
  }

  /** The value of {@code name}, or {@code fallback}. */
  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  /** The integer value of {@code name}, or {@code fallback}; a non-number is an error naming it. */
  public int getInt(String name, int fallback) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + ": \"" + v.get() + "\" is not a whole number");
    }
  }

  /** Whether any option was given for {@code name}. */
  public boolean has(String name) {
    return get(name).isPresent();
  }
}
