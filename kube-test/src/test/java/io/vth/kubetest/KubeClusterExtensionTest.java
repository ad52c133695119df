package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The skip/fail contract of {@link WithKubeCluster}, checked with binaries that cannot be found
 * (or, on a machine without root or the node packages, with that reason): no cluster is started.
 */
class KubeClusterExtensionTest {
  @TempDir Path empty;

  @BeforeEach
  void pointAtAnEmptyFolder() {
    KubeBinaries.resetForTests();
    System.setProperty("vth.k8s.binDir", empty.toString());
  }

  @AfterEach
  void restore() {
    System.clearProperty("vth.k8s.binDir");
    KubeBinaries.resetForTests();
  }

  /** Runs only inside the engine test kit below. */
  @WithKubeCluster(nodes = 1)
  static class NeedsCluster {
    @Test
    void usesIt(KubeCluster cluster) {
      assertThat(cluster).isNotNull();
    }
  }

  @Test
  void aMachineThatCannotRunAClusterSkipsWithTheReason() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter(KubeApiServerExtension.REQUIRED_PARAMETER, "false")
        .selectors(selectClass(NeedsCluster.class))
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                skippedWithReason(
                    m ->
                        m.contains("vth cluster test skipped")
                            && (m.contains("VTH_K8S_BIN_DIR=" + empty)
                                || m.contains("not root")
                                || m.contains("install-node-deps.sh"))
                            && m.contains("VTH_E2E_REQUIRED=1 turns this skip into a failure"))));
  }

  @Test
  void aMachineThatCannotRunAClusterFailsWhenRequired() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter(KubeApiServerExtension.REQUIRED_PARAMETER, "true")
        .selectors(selectClass(NeedsCluster.class))
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(m -> m.contains("VTH_E2E_REQUIRED=1 forbids skipping it")))));
  }
}
