package io.vth.operator.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Label and annotation keys, roles and ports of the objects the operator creates. */
public final class CellLabels {

  /** {@code app.kubernetes.io/name}: always {@value #APP}. */
  public static final String NAME = "app.kubernetes.io/name";

  /** {@code app.kubernetes.io/instance}: the hub or cell. */
  public static final String INSTANCE = "app.kubernetes.io/instance";

  /**
   * {@code app.kubernetes.io/component}: dataplane, decision, decision-config, endpoint, routes.
   */
  public static final String COMPONENT = "app.kubernetes.io/component";

  /** {@code app.kubernetes.io/part-of}: always {@value #APP}. */
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /** {@code app.kubernetes.io/managed-by}: always {@value #MANAGER}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The application name in {@link #NAME} and {@link #PART_OF}. */
  public static final String APP = "vth";

  /** The manager in {@link #MANAGED_BY} and in EndpointSlices' managed-by label. */
  public static final String MANAGER = "vth-operator";

  /** The cell a pod or object belongs to. */
  public static final String CELL = "vth.io/cell";

  /** The role of a cell pod: {@value #ROLE_DATAPLANE} or {@value #ROLE_DECISION}. */
  public static final String ROLE = "vth.io/role";

  /** The zone of a cell pod. */
  public static final String ZONE = "vth.io/zone";

  /** The hub an object serves, as its name (objects live in the hub's namespace). */
  public static final String HUB = "vth.io/hub";

  /** The namespace of the attachment an object serves. */
  public static final String ATTACHMENT_NAMESPACE = "vth.io/attachment-namespace";

  /** The name of the attachment an object serves. */
  public static final String ATTACHMENT_NAME = "vth.io/attachment-name";

  /** Role of dataplane pods (fast path). */
  public static final String ROLE_DATAPLANE = "dataplane";

  /** Role of decision pods (slow path). */
  public static final String ROLE_DECISION = "decision";

  /** Hash of what a cell pod needs at start; a change rolls the pods. */
  public static final String START_CONFIG_HASH = "vth.io/start-config-hash";

  /** Generation of the decision config a ConfigMap holds. */
  public static final String CONFIG_GENERATION = "vth.io/config-generation";

  /** Hash of the decision config content without its generation. */
  public static final String CONFIG_CONTENT_HASH = "vth.io/config-content-hash";

  /** The node label that names a node's zone. */
  public static final String TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

  /** VXLAN UDP port of dataplane pods (RFC 7348). */
  public static final int VXLAN_PORT = 4789;

  /** UDP port of decision pods' action queries. */
  public static final int QUERY_PORT = 4791;

  /** UDP port on which a cell's dataplane pods share learned neighbours with each other. */
  public static final int PEER_PORT = 4792;

  /** HTTP port of every cell pod: /healthz, /readyz, /metrics. */
  public static final int HTTP_PORT = 8080;

  private CellLabels() {}

  /** The common labels of an object of {@code component} serving hub or cell {@code instance}. */
  public static Map<String, String> common(String instance, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, APP);
    labels.put(INSTANCE, instance);
    labels.put(COMPONENT, component);
    labels.put(PART_OF, APP);
    labels.put(MANAGED_BY, MANAGER);
    return labels;
  }

  /** The labels that select the pods of one role in one zone of a cell (immutable selectors). */
  public static Map<String, String> podSelector(String cell, String role, String zone) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CELL, cell);
    labels.put(ROLE, role);
    labels.put(ZONE, zone);
    return labels;
  }

  /** The labels that select every pod of one role of a cell. */
  public static Map<String, String> roleSelector(String cell, String role) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(CELL, cell);
    labels.put(ROLE, role);
    return labels;
  }
}
