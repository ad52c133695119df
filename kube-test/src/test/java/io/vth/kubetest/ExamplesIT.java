package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every manifest under examples/ is accepted by the real API server, in file order. */
@WithKubeApiServer(crds = Vth.CRDS)
class ExamplesIT {
  @Test
  void everyExampleManifestIsAccepted(KubernetesClient client) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Vth.repo().resolve("examples"))) {
      files =
          s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    assertThat(files).isNotEmpty();
    List<String> applied = new ArrayList<>();
    for (Path f : files) {
      List<HasMetadata> objects;
      try (InputStream in = Files.newInputStream(f)) {
        objects = client.load(in).items();
      }
      assertThat(objects).as("objects in %s", f).isNotEmpty();
      for (HasMetadata o : objects) {
        // Server-side apply: the server validates the whole object (schema, CEL, defaults).
        HasMetadata stored =
            client.resource(o).fieldManager("vth-examples").forceConflicts().serverSideApply();
        assertThat(stored.getMetadata().getUid()).isNotBlank();
        applied.add(o.getKind() + " " + o.getMetadata().getName());
      }
    }
    assertThat(applied)
        .contains(
            "VirtualTrafficHub corp",
            "HubAttachment c1s1",
            "HubAttachment c1s2",
            "HubAttachment c1s3");
    // The server applied the CRD defaults to what the examples left out.
    var attachment =
        client
            .genericKubernetesResources(Vth.API_VERSION, "HubAttachment")
            .inNamespace("vth-quickstart")
            .withName("c1s1")
            .get();
    assertThat(attachment.get("spec", "tunnel", "port").toString()).isEqualTo("4789");
  }
}
