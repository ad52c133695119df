package io.vth.core.config;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.PrefixTranslation;
import java.util.List;

/** Address checks of the decision config, each adding a problem that names the field and value. */
final class AddressChecks {

  private AddressChecks() {}

  static void address(String path, String text, List<String> problems) {
    try {
      IpAddress.parse(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }

  static void prefix(String path, String text, List<String> problems) {
    try {
      Cidr.parse(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }

  /** An address with its on-link prefix length, such as {@code 169.254.10.1/30}. */
  static void interfaceAddress(String path, String text, List<String> problems) {
    try {
      Cidr.parseLenient(text == null ? "" : text);
      if (!text.contains("/")) {
        problems.add(path + ": \"" + text + "\" needs a prefix length, such as 169.254.10.1/30");
      }
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }

  static void translation(String path, String from, String to, List<String> problems) {
    try {
      PrefixTranslation.of(Cidr.parse(from == null ? "" : from), Cidr.parse(to == null ? "" : to));
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
    }
  }
}
