package io.vth.core.config;

import java.util.List;

/**
 * A decision config document that cannot be used, with every problem found, each naming its field.
 */
public final class InvalidConfigException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** An exception listing {@code problems}, each of the form {@code path: what is wrong}. */
  public InvalidConfigException(List<String> problems) {
    super("invalid decision config: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems found, each naming the field and value. */
  public List<String> problems() {
    return problems;
  }
}
