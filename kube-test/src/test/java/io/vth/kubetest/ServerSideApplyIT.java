package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the operator's production path relies on and the Fabric8 mock server cannot do (it answers
 * HTTP 415 to apply patches): server-side apply of spec and of the status subresource with field
 * managers, conflicts between managers, and finalizers holding a deleted object.
 */
@WithKubeApiServer(crds = Vth.CRDS)
class ServerSideApplyIT {
  private static GenericKubernetesResource attachment(String name, String routingDomain) {
    return Vth.JSON.convertValue(
        Vth.parse(
            "{apiVersion: vth.io/v1alpha1, kind: HubAttachment, metadata: {name: "
                + name
                + "},"
                + " spec: {hubRef: {name: corp}, routingDomain: "
                + routingDomain
                + ","
                + " cidrs: [10.1.0.0/16], tunnel: {remote: 192.0.2.1}}}"),
        GenericKubernetesResource.class);
  }

  private static NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      attachments(KubernetesClient c, String ns) {
    return c.genericKubernetesResources(Vth.API_VERSION, "HubAttachment").inNamespace(ns);
  }

  @Test
  void specAndStatusAreAppliedServerSideWithFieldManagers(KubeApiServer server) {
    KubernetesClient admin = server.client();
    String ns = server.createNamespace("ssa");
    GenericKubernetesResource applied =
        attachments(admin, ns)
            .resource(attachment("net1", "red"))
            .fieldManager("user")
            .serverSideApply();
    assertThat(applied.get("spec", "routingDomain").toString()).isEqualTo("red");

    // The status subresource, applied by another manager, as the operator does in production.
    GenericKubernetesResource status = attachment("net1", "red");
    status.setAdditionalProperty("spec", null);
    status.setAdditionalProperty(
        "status",
        Map.of(
            "observedGeneration",
            1,
            "vni",
            4242,
            "conditions",
            List.of(Map.of("type", "Ready", "status", "True", "reason", "Connected"))));
    GenericKubernetesResource withStatus =
        attachments(admin, ns)
            .resource(status)
            .subresource("status")
            .patch(
                new PatchContext.Builder()
                    .withPatchType(PatchType.SERVER_SIDE_APPLY)
                    .withFieldManager("vth-operator")
                    .withForce(true)
                    .build(),
                status);
    assertThat(withStatus.get("status", "vni").toString()).isEqualTo("4242");
    assertThat(withStatus.get("spec", "routingDomain").toString()).isEqualTo("red");

    List<String> managers =
        withStatus.getMetadata().getManagedFields().stream()
            .map(ManagedFieldsEntry::getManager)
            .toList();
    assertThat(managers).contains("user", "vth-operator");
    assertThat(withStatus.getMetadata().getManagedFields())
        .anySatisfy(
            m -> {
              assertThat(m.getManager()).isEqualTo("vth-operator");
              assertThat(m.getSubresource()).isEqualTo("status");
            });

    // A second manager may not take a field the first owns without forcing.
    KubernetesClientException conflict =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                attachments(admin, ns)
                    .resource(attachment("net1", "blue"))
                    .fieldManager("someone-else")
                    .serverSideApply());
    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getMessage()).contains("conflict").contains(".spec.routingDomain");
  }

  @Test
  void aFinalizerHoldsADeletedObjectUntilItIsRemoved(KubeApiServer server) {
    KubernetesClient admin = server.client();
    String ns = server.createNamespace("finalizer");
    GenericKubernetesResource a = attachment("net1", "red");
    a.getMetadata().setFinalizers(List.of("vth.io/cleanup"));
    attachments(admin, ns).resource(a).create();

    attachments(admin, ns).withName("net1").delete();
    GenericKubernetesResource held = attachments(admin, ns).withName("net1").get();
    assertThat(held).isNotNull();
    assertThat(held.getMetadata().getDeletionTimestamp()).isNotBlank();

    held.getMetadata().setFinalizers(List.of());
    attachments(admin, ns).resource(held).update();
    assertThat(attachments(admin, ns).withName("net1").get()).isNull();
  }
}
