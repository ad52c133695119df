package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * How the operator runs every cell's pods, set by whoever installs the operator (the chart's {@code
 * cell} values): resources, where the pods may run, and the user they run as.
 *
 * @param decision resources of a decision pod
 * @param dataplane resources of a dataplane pod
 * @param imagePullSecrets names of Secrets in each hub's namespace to pull the images with
 * @param nodeSelector labels a node must carry to run cell pods
 * @param tolerations taints cell pods tolerate
 * @param priorityClassName priority class of cell pods, or null
 * @param runAsUser the non-root user id the pods run as
 * @param heapPercent the JVM heap as a share (percent) of the container's memory limit
 */
public record CellPodSettings(
    Resources decision,
    Resources dataplane,
    List<String> imagePullSecrets,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    String priorityClassName,
    long runAsUser,
    int heapPercent) {

  /** The user id of the distroless and Jib conventions: non-root, no shell login. */
  public static final long DEFAULT_USER = 65532;

  /** The default heap share: half of the memory limit, the rest for direct buffers and code. */
  public static final int DEFAULT_HEAP_PERCENT = 50;

  /**
   * What one pod asks for. Memory is both request and limit (the JVM sizes its heap from the
   * limit); CPU is a request only, so an idle node lends its cores to the fast path.
   *
   * @param cpu CPU request, e.g. {@code 500m}
   * @param memory memory request and limit, e.g. {@code 512Mi}
   */
  public record Resources(String cpu, String memory) {}

  /** Settings with defaults: 250m/384Mi decision, 500m/512Mi dataplane, anywhere, user 65532. */
  public static CellPodSettings defaults() {
    return new CellPodSettings(
        new Resources("250m", "384Mi"),
        new Resources("500m", "512Mi"),
        List.of(),
        Map.of(),
        List.of(),
        null,
        DEFAULT_USER,
        DEFAULT_HEAP_PERCENT);
  }

  /** The resources of a pod of {@code role}. */
  public Resources of(String role) {
    return role.equals(CellLabels.ROLE_DATAPLANE) ? dataplane : decision;
  }
}
