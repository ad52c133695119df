package io.vth.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.seal.CellKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The identity of a cell's pods: a ServiceAccount of their own and a Role, bound to it, that lets
 * them read (get, list, watch) the cell's decision-config ConfigMap and nothing else; and the
 * cell's key, a Secret mounted into the cell's pods only, with which they sign and check every
 * datagram they exchange.
 */
public final class CellAccess {

  /** Component label of these objects. */
  public static final String COMPONENT = "cell-access";

  /** The key in the key Secret's data, and the file name it is mounted as. */
  public static final String KEY_ITEM = "keys";

  /** Where the cell's pods find their keys. */
  public static final String KEY_DIRECTORY = "/var/run/vth/cell-key";

  private CellAccess() {}

  /**
   * The cell's key Secret holding {@code keys} (one base64 key per line, the first signing; see
   * {@link CellKeys}). Created once with a new random key and never rewritten by the operator, so
   * that an administrator can rotate it (docs/security.md).
   */
  public static Secret keySecret(VirtualTrafficHub hub, CellLayout layout, byte[]... keys) {
    String text = CellKeys.format(keys);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(ObjectNames.cellKeySecret(layout.cell()))
        .withNamespace(hub.getMetadata().getNamespace())
        .withLabels(CellLabels.common(layout.cell(), COMPONENT))
        .withOwnerReferences(Owners.controller(hub))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(
                KEY_ITEM,
                Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII))))
        .build();
  }

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
