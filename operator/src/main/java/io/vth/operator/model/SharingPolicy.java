package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.vth.api.v1alpha1.SharingSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether an attachment may join a hub: the hub's own namespace always may; another needs
 * {@code spec.sharing} to admit its namespace and, with {@code requireAcceptance}, to list it in
 * {@code accepted}.
 */
public final class SharingPolicy {

  /** Reason: the attachment's namespace is not admitted by the hub. */
  public static final String NAMESPACE_NOT_ALLOWED = "NamespaceNotAllowed";

  /** Reason: the hub requires acceptance and has not listed the attachment. */
  public static final String PENDING_ACCEPTANCE = "PendingAcceptance";

  private SharingPolicy() {}

  /**
   * Empty when attachment {@code namespace/name} may join hub {@code hubRef} in {@code
   * hubNamespace}; otherwise the problem. {@code namespaceLabels} are the labels of the
   * attachment's namespace.
   */
  public static Optional<Problem> check(
      String hubNamespace,
      String hubRef,
      SharingSpec sharing,
      String namespace,
      String name,
      Map<String, String> namespaceLabels) {
    if (hubNamespace.equals(namespace)) {
      return Optional.empty();
    }
    boolean listed =
        sharing != null && sharing.namespaces != null && sharing.namespaces.contains(namespace);
    boolean selected =
        sharing != null
            && sharing.namespaceSelector != null
            && matches(
                sharing.namespaceSelector, namespaceLabels == null ? Map.of() : namespaceLabels);
    if (!listed && !selected) {
      return Optional.of(
          new Problem(
              NAMESPACE_NOT_ALLOWED,
              "hub "
                  + hubRef
                  + " does not share with namespace \""
                  + namespace
                  + "\": its owner must add it to spec.sharing.namespaces or namespaceSelector"));
    }
    if (Boolean.TRUE.equals(sharing.requireAcceptance)) {
      String ref = namespace + "/" + name;
      List<String> accepted = sharing.accepted == null ? List.of() : sharing.accepted;
      if (!accepted.contains(ref)) {
        return Optional.of(
            new Problem(
                PENDING_ACCEPTANCE,
                "hub "
                    + hubRef
                    + " requires acceptance: waiting for its owner to list \""
                    + ref
                    + "\" in spec.sharing.accepted"));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code labels} satisfy {@code selector} (matchLabels and matchExpressions). */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!matches(r, labels)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
