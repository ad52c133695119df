package io.vth.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vth.kubetest.KubeApiServer;
import io.vth.kubetest.WithKubeApiServer;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code helm install} of the chart (helm-java, the admin kubeconfig) on a real kube-apiserver and
 * etcd: the CRDs from the chart's {@code crds/} become Established, every object is created, and
 * the ServiceAccount may do what the operator needs and no more. There is no controller manager, so
 * the operator's pod never runs here (the operator under the chart's RBAC is {@code
 * RealApiServerRbacOperatorIT} in the operator module).
 */
@WithKubeApiServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmOnRealApiServerIT {

  @Test
  @Order(1)
  void theChartInstallsWithItsCrdsAndObjects(KubeApiServer server) {
    KubernetesClient admin = server.client();
    Release release =
        new Helm(Chart.dir())
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(Chart.NAMESPACE)
            .createNamespace()
            .withKubeConfig(server.adminKubeconfig())
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");

    for (String crd :
        List.of(
            "virtualtraffichubs.vth.io",
            "hubattachments.vth.io",
            "translationmappings.vth.io",
            "dnspolicies.vth.io")) {
      CustomResourceDefinition d =
          admin.apiextensions().v1().customResourceDefinitions().withName(crd).get();
      assertThat(d).as(crd).isNotNull();
      assertThat(d.getStatus().getConditions())
          .as("%s conditions", crd)
          .anySatisfy(
              c -> {
                assertThat(c.getType()).isEqualTo("Established");
                assertThat(c.getStatus()).isEqualTo("True");
              });
    }
    String ns = Chart.NAMESPACE;
    assertThat(admin.serviceAccounts().inNamespace(ns).withName("vth-operator").get()).isNotNull();
    assertThat(admin.apps().deployments().inNamespace(ns).withName("vth-operator").get())
        .isNotNull();
    assertThat(admin.services().inNamespace(ns).withName("vth-operator-metrics").get()).isNotNull();
    assertThat(admin.rbac().clusterRoles().withName("vth-operator-read").get()).isNotNull();
    assertThat(admin.rbac().clusterRoles().withName("vth-operator-manage").get()).isNotNull();
    assertThat(admin.rbac().clusterRoleBindings().withName("vth-operator-manage").get())
        .isNotNull();
    assertThat(admin.rbac().roles().inNamespace(ns).withName("vth-operator-leader-election").get())
        .isNotNull();
  }

  @Test
  @Order(2)
  void theOperatorsAccountMayDoWhatTheOperatorNeedsAndNoMore(KubeApiServer server) {
    KubernetesClient operator = server.clientAsServiceAccount(Chart.NAMESPACE, "vth-operator");
    String other = server.createNamespace("helm-other");

    // Hubs and attachments in any namespace; Deployments and ConfigMaps anywhere (cluster-wide by
    // default); nodes.
    assertThat(
            operator
                .genericKubernetesResources("vth.io/v1alpha1", "HubAttachment")
                .inAnyNamespace()
                .list()
                .getItems())
        .isEmpty();
    assertThat(operator.apps().deployments().inNamespace(other).list().getItems()).isEmpty();
    assertThat(operator.nodes().list()).isNotNull();
    // Each cell's NetworkPolicy and key Secret, in the hub's namespace.
    assertThat(operator.network().v1().networkPolicies().inNamespace(other).list().getItems())
        .isEmpty();
    assertThat(operator.secrets().inNamespace(other).withName("corp-cell-key").get()).isNull();
    assertThatThrownBy(() -> operator.secrets().inNamespace(other).list())
        .as("no Secret of the namespace can be listed")
        .isInstanceOf(KubernetesClientException.class);
    // Its Lease in the release namespace, but not elsewhere.
    operator
        .leases()
        .inNamespace(Chart.NAMESPACE)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("vth-operator-lease")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("test")
                .endSpec()
                .build())
        .create();
    // A replica taking over an expired Lease patches it, as Fabric8's LeaderElector does.
    operator
        .leases()
        .inNamespace(Chart.NAMESPACE)
        .withName("vth-operator-lease")
        .edit(
            l -> new LeaseBuilder(l).editSpec().withHolderIdentity("replica-2").endSpec().build());
    assertThat(
            operator
                .leases()
                .inNamespace(Chart.NAMESPACE)
                .withName("vth-operator-lease")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo("replica-2");
    assertForbidden(
        () ->
            operator
                .leases()
                .inNamespace(other)
                .resource(
                    new LeaseBuilder()
                        .withNewMetadata()
                        .withName("vth-operator-lease")
                        .endMetadata()
                        .build())
                .create());
    // Nothing outside its rules: PersistentVolumeClaims, and deleting nodes.
    assertForbidden(() -> operator.persistentVolumeClaims().inNamespace(other).list());
    assertForbidden(() -> operator.nodes().withName("any").delete());
  }

  @Test
  @Order(3)
  void withWatchedNamespacesTheWritePermissionsStayInThem(KubeApiServer server) {
    KubernetesClient admin = server.client();
    String watched = server.createNamespace("helm-watched");
    String unwatched = server.createNamespace("helm-unwatched");
    String releaseNs = "vth-scoped";
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(releaseNs).endMetadata().build())
        .create();
    new Helm(Chart.dir())
        .install()
        .withName("scoped")
        .withNamespace(releaseNs)
        .set("watchNamespaces[0]", watched)
        .withKubeConfig(server.adminKubeconfig())
        .call();

    KubernetesClient operator = server.clientAsServiceAccount(releaseNs, "scoped-vth-operator");
    assertThat(operator.configMaps().inNamespace(watched).list().getItems()).isNotNull();
    assertForbidden(() -> operator.configMaps().inNamespace(unwatched).list());
    // Reads of the vth resources stay cluster-wide (attachments name hubs in other namespaces).
    assertThat(
            operator
                .genericKubernetesResources("vth.io/v1alpha1", "VirtualTrafficHub")
                .inNamespace(unwatched)
                .list()
                .getItems())
        .isEmpty();
  }

  private static void assertForbidden(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
  }
}
