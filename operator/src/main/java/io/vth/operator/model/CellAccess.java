package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.util.List;

/**
 * The identity of a cell's pods: a ServiceAccount of their own and a Role, bound to it, that lets
 * them read (get, list, watch) the cell's decision-config ConfigMap and nothing else.
 */
public final class CellAccess {

  /** Component label of these objects. */
  public static final String COMPONENT = "cell-access";

  private CellAccess() {}

  /** The cell pods' ServiceAccount; its token is the only API credential the pods get. */
  public static ServiceAccount serviceAccount(VirtualTrafficHub hub, CellLayout layout) {
    return new ServiceAccountBuilder()
        .withMetadata(metadata(hub, layout))
        .withAutomountServiceAccountToken(false)
        .build();
  }

  /** Read access to the cell's decision-config ConfigMap only (named in resourceNames). */
  public static Role role(VirtualTrafficHub hub, CellLayout layout) {
    return new RoleBuilder()
        .withMetadata(metadata(hub, layout))
        .addNewRule()
        .withApiGroups("")
        .withResources("configmaps")
        .withResourceNames(ObjectNames.decisionConfig(layout.cell()))
        .withVerbs(List.of("get", "list", "watch"))
        .endRule()
        .build();
  }

  /** Binds {@link #role} to {@link #serviceAccount}. */
  public static RoleBinding roleBinding(VirtualTrafficHub hub, CellLayout layout) {
    String name = ObjectNames.cellServiceAccount(layout.cell());
    return new RoleBindingBuilder()
        .withMetadata(metadata(hub, layout))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(name)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(name)
        .withNamespace(hub.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  /** The name, namespace, labels and owner the three objects share. */
  private static ObjectMeta metadata(VirtualTrafficHub hub, CellLayout layout) {
    return new ObjectMetaBuilder()
        .withName(ObjectNames.cellServiceAccount(layout.cell()))
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(CellLabels.common(layout.cell(), COMPONENT))
        .withOwnerReferences(Owners.controller(hub))
        .build();
  }
}
