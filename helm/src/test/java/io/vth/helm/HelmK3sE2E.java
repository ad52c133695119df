package io.vth.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The chart on a real cluster: k3s in Docker (Testcontainers), the three images loaded into it,
 * {@code helm install} waiting for the operator, then {@code examples/quickstart} and its hub
 * {@code Ready}.
 *
 * <p>Needs Docker (or a Docker-compatible engine) and the three images built locally (see
 * helm/README.md). Without Docker the class is <b>skipped</b> with the reason, whatever {@code
 * VTH_E2E_REQUIRED} says: that variable is about network namespaces and the API server binaries.
 * Run it with {@code ./mvnw -pl helm -am verify -Dit.test=HelmK3sE2E -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(DockerAvailable.class)
class HelmK3sE2E {
  /** k3s version (a Kubernetes the chart supports); {@code -Dvth.k3s.image=...} to change. */
  private static final String K3S_IMAGE =
      System.getProperty("vth.k3s.image", "rancher/k3s:v1.33.5-k3s1");

  private static K3sContainer k3s;
  private static KubernetesClient client;

  @BeforeAll
  static void startK3s() throws IOException {
    String tag = Chart.appVersion();
    List<String> images =
        List.of(
            "ghcr.io/vth-project/vth-operator:" + tag,
            "ghcr.io/vth-project/vth-decision-pod:" + tag,
            "ghcr.io/vth-project/vth-dataplane-pod:" + tag);
    DockerClient docker0 = DockerClientFactory.instance().client();
    for (String image : images) {
      try {
        docker0.inspectImageCmd(image).exec();
      } catch (NotFoundException e) {
        throw new IllegalStateException(
            "image "
                + image
                + " is not built: build the three images first (helm/README.md, 'Images')",
            e);
      }
    }

    k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
    k3s.start();
    for (String image : images) {
      load(docker0, image);
    }
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
            .build();
  }

  /** {@code docker save} into a file, copied into k3s and imported into its containerd. */
  private static void load(DockerClient docker, String image) throws IOException {
    Path tar = Files.createTempFile("vth-image-", ".tar");
    try (InputStream in = docker.saveImageCmd(image).exec()) {
      Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
      ExecResult r =
          k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
      assertThat(r.getExitCode()).as("ctr images import %s: %s", image, r.getStderr()).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
  }

  @Test
  void theQuickstartHubBecomesReady() throws IOException {
    new Helm(Chart.dir())
        .install()
        .withName(Chart.RELEASE)
        .withNamespace(Chart.NAMESPACE)
        .createNamespace()
        // the images were loaded into k3s, never pulled
        .set("operator.image.pullPolicy", "Never")
        .set("cellImages.pullPolicy", "Never")
        .withKubeConfigContents(k3s.getKubeConfigYaml())
        .waitReady()
        .withTimeout(300)
        .call();

    Path quickstart = Chart.repoRoot().resolve("examples/quickstart");
    try (Stream<Path> files = Files.list(quickstart)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          for (HasMetadata o : client.load(in).items()) {
            if (o instanceof GenericKubernetesResource hub
                && hub.getKind().equals("VirtualTrafficHub")) {
              // k3s is one node without zone labels: let the operator use the zones the cluster
              // has (one unpinned zone) instead of the example's zone-a and zone-b.
              @SuppressWarnings("unchecked")
              Map<String, Object> cell =
                  (Map<String, Object>)
                      ((Map<String, Object>) hub.getAdditionalProperties().get("spec")).get("cell");
              cell.remove("zones");
            }
            client.resource(o).serverSideApply();
          }
        }
      }
    }

    Awaitility.await("hub vth-quickstart/corp Ready")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              GenericKubernetesResource hub =
                  client
                      .genericKubernetesResources("vth.io/v1alpha1", "VirtualTrafficHub")
                      .inNamespace("vth-quickstart")
                      .withName("corp")
                      .get();
              if (hub == null || !(hub.getAdditionalProperties().get("status") instanceof Map)) {
                return false;
              }
              Object conditions =
                  ((Map<?, ?>) hub.getAdditionalProperties().get("status")).get("conditions");
              return conditions instanceof List<?> list
                  && list.stream()
                      .anyMatch(
                          c ->
                              c instanceof Map<?, ?> m
                                  && "Ready".equals(m.get("type"))
                                  && "True".equals(m.get("status")));
            });
  }
}
