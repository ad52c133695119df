package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeBinariesTest {
  private static final Path HERE = Path.of(System.getProperty("user.dir"));

  @Test
  void findsTheRepositoryAndThePinnedVersion() throws Exception {
    Path repo = KubeBinaries.repoRoot(HERE).orElseThrow();
    assertThat(repo.resolve("test-infra/build-k8s.sh")).isRegularFile();
    assertThat(KubeBinaries.pinnedVersion(repo.resolve("test-infra"))).matches("v1\\.\\d+\\.\\d+");
  }

  @Test
  void stampIsTheOneTheBuildScriptWrites() throws Exception {
    Path infra = KubeBinaries.repoRoot(HERE).orElseThrow().resolve("test-infra");
    Process p =
        new ProcessBuilder(
                "sh", "-c", "cat k8s/go.mod k8s/go.sum etcd/go.mod etcd/go.sum | sha256sum")
            .directory(infra.toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out.split(" ")[0]).isEqualTo(KubeBinaries.stamp(infra));
  }

  @Test
  void anOverrideFolderWithoutTheBinariesIsReported(@TempDir Path empty) {
    KubeBinaries.Found f = KubeBinaries.locate(empty.toString(), null, false, HERE);
    assertThat(f.binDir()).isEmpty();
    assertThat(f.problem())
        .contains("VTH_K8S_BIN_DIR=" + empty)
        .contains("kube-apiserver and etcd");
  }

  @Test
  void anOverrideFolderWithBothBinariesIsUsed(@TempDir Path dir) throws Exception {
    for (String b : List.of("kube-apiserver", "etcd")) {
      Files.writeString(dir.resolve(b), "#!/bin/sh\n");
      assertThat(dir.resolve(b).toFile().setExecutable(true)).isTrue();
    }
    KubeBinaries.Found f = KubeBinaries.locate(dir.toString(), null, false, HERE);
    assertThat(f.binDir()).contains(dir);
    assertThat(f.kubeApiServer()).isEqualTo(dir.resolve("kube-apiserver"));
  }

  @Test
  void withoutBuildingAnEmptyCacheSaysHowToBuild(@TempDir Path cache) {
    KubeBinaries.Found f = KubeBinaries.locate(null, cache.toString(), true, HERE);
    assertThat(f.binDir()).isEmpty();
    assertThat(f.problem()).contains("is not built in " + cache).contains("build-k8s.sh");
  }

  @Test
  void outsideTheRepositoryItSaysWhatToSet(@TempDir Path elsewhere) {
    KubeBinaries.Found f = KubeBinaries.locate(null, null, false, elsewhere);
    assertThat(f.problem())
        .contains("cannot find test-infra/build-k8s.sh")
        .contains("VTH_K8S_BIN_DIR");
  }
}
