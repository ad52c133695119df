package io.vth.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a set of RBAC objects grants one ServiceAccount: (namespace or {@link #CLUSTER}, apiGroup,
 * resource, verb) tuples, resolved through its ClusterRoleBindings and RoleBindings.
 */
record Grants(Set<Grant> grants) {
  static final String CLUSTER = "*cluster*";

  /** One permission: {@code namespace} is {@link #CLUSTER} for a ClusterRoleBinding. */
  record Grant(String namespace, String apiGroup, String resource, String verb) {
    @Override
    public String toString() {
      return (apiGroup.isEmpty() ? "core" : apiGroup)
          + "/"
          + resource
          + " "
          + verb
          + (namespace.equals(CLUSTER) ? " (cluster-wide)" : " in namespace " + namespace);
    }
  }

  /** The rules a rule list expands to, in {@code namespace}. */
  static Set<Grant> expand(String namespace, List<PolicyRule> rules) {
    Set<Grant> out = new LinkedHashSet<>();
    for (PolicyRule r : rules) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          for (String v : r.getVerbs()) {
            out.add(new Grant(namespace, g, res, v));
          }
        }
      }
    }
    return out;
  }

  /** What {@code objects} grant the ServiceAccount {@code namespace/name}. */
  static Grants of(List<HasMetadata> objects, String namespace, String name) {
    Map<String, ClusterRole> clusterRoles =
        objects.stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
    Map<String, Role> roles =
        objects.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .collect(
                Collectors.toMap(
                    r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(),
                    Function.identity()));
    Set<Grant> out = new LinkedHashSet<>();
    for (HasMetadata o : objects) {
      if (o instanceof ClusterRoleBinding b && names(b.getSubjects(), namespace, name)) {
        ClusterRole role = clusterRoles.get(b.getRoleRef().getName());
        if (role != null) {
          out.addAll(expand(CLUSTER, role.getRules()));
        }
      } else if (o instanceof RoleBinding b && names(b.getSubjects(), namespace, name)) {
        String ns = b.getMetadata().getNamespace();
        RoleRef ref = b.getRoleRef();
        List<PolicyRule> rules =
            ref.getKind().equals("ClusterRole")
                ? (clusterRoles.containsKey(ref.getName())
                    ? clusterRoles.get(ref.getName()).getRules()
                    : List.of())
                : (roles.containsKey(ns + "/" + ref.getName())
                    ? roles.get(ns + "/" + ref.getName()).getRules()
                    : List.of());
        out.addAll(expand(ns, rules));
      }
    }
    return new Grants(out);
  }

  private static boolean names(List<Subject> subjects, String namespace, String name) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    "ServiceAccount".equals(s.getKind())
                        && name.equals(s.getName())
                        && namespace.equals(s.getNamespace()));
  }

  /** True when {@code verb} on {@code apiGroup/resource} is granted in {@code namespace}. */
  boolean allows(String namespace, String apiGroup, String resource, String verb) {
    return grants.contains(new Grant(CLUSTER, apiGroup, resource, verb))
        || (!namespace.equals(CLUSTER)
            && grants.contains(new Grant(namespace, apiGroup, resource, verb)));
  }
}
