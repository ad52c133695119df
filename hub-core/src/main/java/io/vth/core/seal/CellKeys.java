package io.vth.core.seal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The keys of one cell: the first signs what a pod sends, every one is accepted on receipt. Two
 * keys exist only while a key is rotated (see {@code docs/security.md}). The text form, as the
 * operator writes it into the cell's Secret, is one base64 key per line; blank lines and lines
 * starting with {@code #} are ignored.
 */
public final class CellKeys {

  /** The shortest key accepted (128 bits). */
  public static final int MIN_KEY_BYTES = 16;

  /** The length of a generated key (256 bits, the HMAC-SHA256 block's natural key size). */
  public static final int KEY_BYTES = 32;

  /** At most this many keys are accepted at once. */
  public static final int MAX_KEYS = 4;

  private final List<byte[]> keys;

  private CellKeys(List<byte[]> keys) {
    this.keys = keys;
  }

  /**
   * The keys of {@code text}, the signing key first.
   *
   * @throws IllegalArgumentException naming the line, when a line is not base64, a key is shorter
   *     than {@value #MIN_KEY_BYTES} bytes, there is no key or more than {@value #MAX_KEYS}
   */
  public static CellKeys parse(String text) {
    List<byte[]> keys = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("cell key line " + (i + 1) + " is not base64");
      }
      if (key.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException(
            "cell key line "
                + (i + 1)
                + " has "
                + key.length
                + " bytes; at least "
                + MIN_KEY_BYTES
                + " are needed");
      }
      keys.add(key);
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no cell key: expected one base64 key per line");
    }
    if (keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException(
          keys.size() + " cell keys; at most " + MAX_KEYS + " are accepted at once");
    }
    return new CellKeys(List.copyOf(keys));
  }

  /** The keys given, the first signing. */
  public static CellKeys of(byte[]... keys) {
    return parse(format(keys));
  }

  /** A new random key of {@value #KEY_BYTES} bytes. */
  public static byte[] generate() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** The text form of {@code keys}: one base64 key per line. */
  public static String format(byte[]... keys) {
    StringBuilder out = new StringBuilder();
    for (byte[] k : keys) {
      out.append(Base64.getEncoder().encodeToString(k)).append('\n');
    }
    return out.toString();
  }

  /** How many keys are accepted. */
  public int size() {
    return keys.size();
  }

  /** Key {@code i} (0 signs); the caller must not change it. */
  byte[] key(int i) {
    return keys.get(i);
  }

  /** A short name of key {@code i} for logs: the first 8 hex digits of its SHA-256. */
  public String fingerprint(int i) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(keys.get(i));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The fingerprints of all keys, the signing key first, for logs. */
  public String describe() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      out.add(fingerprint(i));
    }
    return (keys.size() == 1 ? "key " : "keys ") + String.join(", ", out);
  }

  @Override
  public String toString() {
    return "CellKeys{" + describe() + "}";
  }
}
