package io.vth.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Names of the objects the operator creates, shared by the code and the tests. */
public final class ObjectNames {

  /** Longest name used for objects whose pods derive names from it (leaves room for suffixes). */
  static final int MAX_BASE = 47;

  /** Longest DNS label, the bound for Service names. */
  static final int MAX_LABEL = 63;

  private ObjectNames() {}

  /** The cell of a Dedicated hub: the hub's name. */
  public static String cell(String hubName) {
    return hubName;
  }

  /**
   * The Deployment (and PodDisruptionBudget) of {@code role} pods of {@code cell} in {@code zone}.
   */
  public static String workload(String cell, String role, String zone) {
    return fit(cell + "-" + role + "-" + zone, MAX_BASE);
  }

  /**
   * The ServiceAccount of a cell's pods, and the Role and RoleBinding that let it read the cell's
   * decision config.
   */
  public static String cellServiceAccount(String cell) {
    return fit(cell + "-cell", MAX_LABEL);
  }

  /**
   * The NetworkPolicy that admits only the cell's own pods and the tunnel and HTTP ports; named
   * like the cell's ServiceAccount (other kind, same cell).
   */
  public static String cellNetworkPolicy(String cell) {
    return fit(cell + "-cell", MAX_LABEL);
  }

  /** The Secret holding the cell's keys for the pod-to-pod protocol. */
  public static String cellKeySecret(String cell) {
    return fit(cell + "-cell-key", MAX_LABEL);
  }

  /** The headless Service dataplane pods resolve to find the cell's decision pods. */
  public static String decisionService(String cell) {
    return fit(cell + "-decision", MAX_LABEL);
  }

  /**
   * The headless Service dataplane pods resolve to find the cell's other dataplane pods, with which
   * they share learned neighbours.
   */
  public static String dataplanePeerService(String cell) {
    return fit(cell + "-dataplane-peers", MAX_LABEL);
  }

  /** The ConfigMap holding the cell's decision config document. */
  public static String decisionConfig(String cell) {
    return fit(cell + "-decision-config", MAX_LABEL);
  }

  /**
   * The Service (client-facing endpoint) of an attachment, in the hub's namespace: {@code
   * <hub>-<attachment namespace>-<attachment name>}, shortened with a hash when too long.
   */
  public static String attachmentService(String hubName, String namespace, String name) {
    return fit(hubName + "-" + namespace + "-" + name, MAX_LABEL);
  }

  /** The EndpointSlice that lists an attachment's shard; named after its Service. */
  public static String attachmentEndpointSlice(String serviceName) {
    return fit(serviceName + "-shard", MAX_LABEL);
  }

  /** The ConfigMap of an attachment's propagated routes, in the attachment's namespace. */
  public static String routeTable(String attachmentName) {
    return fit(attachmentName + "-routes", 253);
  }

  /** A zone value made into a DNS label part: lower case, other characters as dashes. */
  public static String zoneSuffix(String zone) {
    String s = zone.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return s.replaceAll("^-+|-+$", "");
  }

  /**
   * {@code name} when it fits {@code max}, otherwise its head and 8 hex digits of its SHA-256, so
   * distinct long names stay distinct.
   */
  static String fit(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    String hash = sha256(name).substring(0, 8);
    String head = name.substring(0, max - hash.length() - 1).replaceAll("[-.]+$", "");
    return head + "-" + hash;
  }

  /** The hex SHA-256 of {@code text}. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
