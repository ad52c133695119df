package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The skip/fail contract, checked with binaries that cannot be found (no server is started). */
class KubeApiServerExtensionTest {
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
  @WithKubeApiServer
  static class NeedsServer {
    @Test
    void usesIt(KubernetesClient client) {
      assertThat(client).isNotNull();
    }
  }

  @Test
  void missingBinariesSkipWithTheReason() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(KubeApiServerExtension.REQUIRED_PARAMETER, "false")
            .selectors(selectClass(NeedsServer.class))
            .execute()
            .containerEvents();
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                skippedWithReason(
                    m ->
                        m.contains("vth kube-apiserver test skipped")
                            && m.contains("VTH_K8S_BIN_DIR=" + empty)
                            && m.contains("VTH_E2E_REQUIRED=1 turns this skip into a failure"))));
  }

  @Test
  void missingBinariesFailWhenRequired() {
    Events events =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(KubeApiServerExtension.REQUIRED_PARAMETER, "true")
            .selectors(selectClass(NeedsServer.class))
            .execute()
            .containerEvents();
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    message(m -> m.contains("VTH_E2E_REQUIRED=1 forbids skipping it")))));
  }

  @Test
  void requiredComesFromTheParameterElseTheEnvironment() {
    assertThat(KubeApiServerExtension.isRequired(Optional.of("true"), null)).isTrue();
    assertThat(KubeApiServerExtension.isRequired(Optional.of("0"), "1")).isFalse();
    assertThat(KubeApiServerExtension.isRequired(Optional.empty(), "1")).isTrue();
    assertThat(KubeApiServerExtension.isRequired(Optional.empty(), null)).isFalse();
  }
}
