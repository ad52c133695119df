package io.vth.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentSpec;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import io.vth.api.v1alpha1.ObjectRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded API server: server-side apply as the operator sends it, and access reviews. */
class EmbeddedApiServerTest {

  EmbeddedApiServer server;
  KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    server = EmbeddedApiServer.start();
    client = server.client();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build())
        .create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void applyCreatesThenMergesTheSentFields() {
    ConfigMap first =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("cm")
            .withNamespace("ns")
            .endMetadata()
            .withData(Map.of("a", "1"))
            .build();
    client.resource(first).fieldManager("vth").forceConflicts().serverSideApply();
    assertThat(client.configMaps().inNamespace("ns").withName("cm").get().getData())
        .containsExactly(Map.entry("a", "1"));

    ConfigMap second =
        new ConfigMapBuilder(first)
            .editMetadata()
            .addToLabels("l", "v")
            .endMetadata()
            .withData(Map.of("a", "2", "b", "3"))
            .build();
    client.resource(second).fieldManager("vth").forceConflicts().serverSideApply();

    ConfigMap now = client.configMaps().inNamespace("ns").withName("cm").get();
    assertThat(now.getData()).containsEntry("a", "2").containsEntry("b", "3");
    assertThat(now.getMetadata().getLabels()).containsEntry("l", "v");
  }

  @Test
  void applyToStatusChangesOnlyTheStatus() throws Exception {
    client.resource(crd()).create();
    HubAttachment a = new HubAttachment();
    a.getMetadata().setName("a");
    a.getMetadata().setNamespace("ns");
    a.setSpec(new HubAttachmentSpec());
    a.getSpec().hubRef = new ObjectRef("corp", null);
    a.getSpec().cidrs = List.of("10.0.0.0/24");
    client.resource(a).create();

    HubAttachment patch = new HubAttachment();
    patch.getMetadata().setName("a");
    patch.getMetadata().setNamespace("ns");
    patch.setStatus(new HubAttachmentStatus());
    patch.getStatus().vni = 7;
    Condition ready = new Condition();
    ready.type = "Ready";
    ready.status = Condition.Status.True;
    ready.reason = "Ready";
    patch.getStatus().conditions = List.of(ready);
    // as the operator sends it: an apply patch to the status subresource
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            server.url()
                                + "/apis/vth.io/v1alpha1/namespaces/ns/hubattachments/a/status"
                                + "?fieldManager=attachment&force=true"))
                    .header("Content-Type", "application/apply-patch+yaml")
                    .method(
                        "PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            io.fabric8.kubernetes.client.utils.Serialization.asJson(patch)))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    HubAttachment now = client.resources(HubAttachment.class).inNamespace("ns").withName("a").get();
    assertThat(now.getStatus().vni).isEqualTo(7);
    assertThat(now.getStatus().conditions)
        .singleElement()
        .satisfies(c -> assertThat(c.type).isEqualTo("Ready"));
    assertThat(now.getSpec().cidrs).containsExactly("10.0.0.0/24");
  }

  @Test
  void accessReviewsAllowEverything() {
    SelfSubjectRulesReview review =
        client
            .resource(
                new SelfSubjectRulesReviewBuilder()
                    .withNewSpec()
                    .withNamespace("default")
                    .endSpec()
                    .build())
            .create();
    assertThat(review.getStatus().getResourceRules())
        .singleElement()
        .satisfies(r -> assertThat(r.getVerbs()).containsExactly("*"));
  }

  @Test
  void writesAKubeconfigThatAClientUses() throws Exception {
    Path file = server.writeKubeconfig(Files.createTempFile("kubeconfig", ".yaml"));
    String text = Files.readString(file);
    assertThat(text).contains("server: " + server.url());
    io.fabric8.kubernetes.client.Config config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(text);
    try (KubernetesClient c =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(c.namespaces().withName("ns").get()).isNotNull();
    }
  }

  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd()
      throws Exception {
    try (var in =
        Files.newInputStream(Path.of("..", "crds", "generated", "hubattachments.vth.io-v1.yml"))) {
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
          in, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
    }
  }
}
