package io.vth.pod;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who a pod is on the wire: its cell id (pods act only on messages of their own cell) and its pod
 * id, both derived from names so that every pod computes the same ids without coordination.
 *
 * @param cell the cell name
 * @param cellId the 64-bit id of the cell
 * @param podName the pod name
 * @param podId the 32-bit id of the pod
 */
public record PodIdentity(String cell, long cellId, String podName, int podId) {

  /** The identity of pod {@code podName} in cell {@code cell}. */
  public static PodIdentity of(String cell, String podName) {
    byte[] c = sha256(cell);
    byte[] p = sha256(podName);
    long cellId = 0;
    for (int i = 0; i < 8; i++) {
      cellId = (cellId << 8) | (c[i] & 0xff);
    }
    int podId =
        ((p[0] & 0xff) << 24) | ((p[1] & 0xff) << 16) | ((p[2] & 0xff) << 8) | (p[3] & 0xff);
    return new PodIdentity(cell, cellId, podName, podId);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
