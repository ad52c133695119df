package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A cluster leaves nothing on the host: neither after {@link KubeCluster#close()} nor when its JVM
 * is killed with SIGKILL (the watchdog runs the teardown script). Each case starts its own 1-node
 * cluster with a running pod (so there are shims, container mounts and a pod network namespace).
 */
@WithKubeCluster(nodes = 1)
class KubeClusterCleanupIT {

  @Test
  void closeRemovesEveryTrace(KubeCluster shared) throws IOException {
    // The shared 1-node cluster of this class holds one slot; a second one runs beside it.
    KubeCluster cluster = KubeCluster.start(1);
    Traces traces = Traces.of(cluster.directory(), cluster.nodes().get(0).netns());
    runPod(cluster.client(), cluster.image("probe"));
    assertThat(traces.present())
        .contains("folder", "netns", "bridge", "cgroup", "mounts", "log links");
    cluster.close();
    assertThat(traces.present()).isEmpty();
    cluster.close(); // twice is harmless
    // The shared cluster was not touched.
    assertThat(shared.client().nodes().list().getItems()).hasSize(1);
  }

  @Test
  void aKilledJvmLeavesNothingBehind() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KubeClusterMain.class.getName(),
                "1")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      Path kubeconfig = null;
      Path folder = null;
      String netns = null;
      List<String> seen = new ArrayList<>();
      for (String line; (line = out.readLine()) != null; ) {
        seen.add(line);
        if (line.startsWith("kubeconfig: ")) {
          kubeconfig = Path.of(line.substring("kubeconfig: ".length()).strip());
        } else if (line.startsWith("folder: ")) {
          folder = Path.of(line.substring("folder: ".length()).strip());
        } else if (line.startsWith("node: ")) {
          netns = line.replaceFirst(".*ip netns exec (\\S+) .*", "$1");
        } else if (line.startsWith("Ctrl-C")) {
          break;
        }
      }
      assertThat(netns).as("the child JVM started a cluster: %s", seen).isNotNull();
      Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
      drain.setDaemon(true);
      drain.start();
      Traces traces = Traces.of(folder, netns);
      try (KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
              .build()) {
        runPod(client, TestImages.locate().name("probe"));
      }
      assertThat(traces.present()).contains("folder", "netns", "bridge", "cgroup", "mounts");

      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(traces.present()).isEmpty());
    } finally {
      child.destroyForcibly();
    }
  }

  private static void runPod(KubernetesClient client, String image) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("echo")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("probe")
            .withImage(image)
            .withImagePullPolicy("Never")
            .withArgs("serve")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace("default").resource(pod).create();
    client
        .pods()
        .inNamespace("default")
        .withName("echo")
        .waitUntilCondition(Readiness::isPodReady, 60, TimeUnit.SECONDS);
  }

  /** What a cluster leaves on the host, found from its folder and a node's namespace name. */
  record Traces(Path folder, String netns, String bridge, String cgroup) {
    static Traces of(Path folder, String netns) {
      String bridge = netns.substring(0, netns.lastIndexOf('-'));
      return new Traces(folder, netns, bridge, "vth-" + bridge.substring("vth".length()));
    }

    /** The kinds of trace still there. */
    List<String> present() throws IOException {
      List<String> left = new ArrayList<>();
      if (Files.exists(folder)) {
        left.add("folder");
      }
      if (Files.exists(Path.of("/run/netns", netns))) {
        left.add("netns");
      }
      if (Files.exists(Path.of("/sys/class/net", bridge))) {
        left.add("bridge");
      }
      if (Files.exists(Path.of("/sys/fs/cgroup/pids", cgroup))) {
        left.add("cgroup");
      }
      if (Files.readString(Path.of("/proc/self/mounts")).contains(folder + "/")) {
        left.add("mounts");
      }
      Path logLinks = Path.of("/var/log/containers");
      if (Files.isDirectory(logLinks)) {
        try (Stream<Path> links = Files.list(logLinks)) {
          if (links.anyMatch(l -> readLink(l).startsWith(folder.toString()))) {
            left.add("log links");
          }
        }
      }
      try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
        if (all.anyMatch(
            p ->
                p.info().arguments().stream()
                    .flatMap(Stream::of)
                    .anyMatch(a -> a.contains(folder.toString())))) {
          left.add("processes");
        }
      }
      return left;
    }

    private static String readLink(Path link) {
      try {
        return Files.readSymbolicLink(link).toString();
      } catch (IOException | UnsupportedOperationException e) {
        return "";
      }
    }
  }
}
