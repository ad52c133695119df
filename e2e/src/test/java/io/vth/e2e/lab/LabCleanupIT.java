package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Whatever happens to a test, the lab leaves nothing behind: close(), a failing test body, a JVM
 * that exits without closing (shutdown hook), and a JVM that dies outright (the next lab cleans
 * up). Assertions look at this run's names only: other labs may be running on this machine at the
 * same time (other checkouts, other modules), and their namespaces are none of this test's
 * business.
 */
@NeedsNetns(binaries = {"sleep"})
class LabCleanupIT {

  @Test
  void closeRemovesNamespacesVethsAndProcesses() {
    NetnsLab lab = NetnsLab.createWithHubNamespace();
    Network x = lab.network("x").cidr("192.168.1.0/24").host("192.168.1.10").create();
    Network y = lab.network("y").cidr("10.10.1.0/24").host("10.10.1.10").create();
    KernelHub.start(lab).attachAndRoute(x).attachAndRoute(y);
    BackgroundProcess sleeper = lab.spawn(x, "sleep", "600");
    assertThat(lab.leftovers())
        .contains(lab.prefix() + "hub", lab.prefix() + "x", lab.prefix() + "y");

    lab.close();

    assertThat(lab.leftovers()).isEmpty();
    assertThat(RunRegistry.listNamespaces()).noneMatch(ns -> ns.startsWith(lab.prefix()));
    assertThat(RunRegistry.listHostLinks())
        .noneMatch(l -> l.startsWith(RunRegistry.LINK_PREFIX + lab.runId()));
    assertThat(sleeper.isAlive()).isFalse();
    lab.close(); // idempotent
  }

  @Test
  void hostUnderlayVethsAreRemovedToo() {
    NetnsLab lab = NetnsLab.create();
    Network x = lab.network("x").cidr("192.168.1.0/24").host("192.168.1.10").create();
    assertThat(RunRegistry.listHostLinks()).contains(x.vethHostName());

    lab.close();

    assertThat(RunRegistry.listHostLinks()).doesNotContain(x.vethHostName());
    assertThat(lab.leftovers()).isEmpty();
  }

  @Test
  void aFailingTestBodyStillCleansUp() {
    NetnsLab[] seen = new NetnsLab[1];
    assertThatThrownBy(
            () -> {
              try (NetnsLab lab = NetnsLab.create()) {
                seen[0] = lab;
                lab.network("x").cidr("192.168.1.0/24").host("192.168.1.10").create();
                throw new IllegalStateException("the test failed");
              }
            })
        .hasMessage("the test failed");

    assertThat(seen[0].leftovers()).isEmpty();
  }

  @Test
  void aBrokenNetworkDefinitionLeavesNothingBehind() {
    NetnsLab lab = NetnsLab.create();
    try {
      assertThatThrownBy(
              () ->
                  lab.network("x")
                      .cidr("192.168.1.0/24")
                      .host("192.168.1.10")
                      .routes("10.10.1.0/24", "10.10.1.0/24") // the second route add fails
                      .create())
          .isInstanceOf(LabException.class)
          .hasMessageContaining("route");
    } finally {
      lab.close();
    }
    assertThat(lab.leftovers()).isEmpty();
  }

  @Test
  void aLiveLabIsNeverTakenForLeftovers() {
    try (NetnsLab first = NetnsLab.create()) {
      first.network("x").cidr("192.168.1.0/24").host("192.168.1.10").create();
      List<String> before = first.leftovers();

      try (NetnsLab second = NetnsLab.create()) {
        assertThat(second.removedLeftovers()).doesNotContainAnyElementsOf(before);
        assertThat(first.leftovers()).containsExactlyInAnyOrderElementsOf(before);
      }
    }
  }

  @Test
  void aJvmExitingWithoutCloseIsCleanedByTheShutdownHook() {
    Child child = runChild("exit");

    assertThat(child.result.exitCode()).as(child.result.describe()).isZero();
    assertThat(RunRegistry.currentNamesOf(child.runId)).isEmpty();
    awaitDead(child.sleeperPid);
  }

  @Test
  void leftoversOfACrashedJvmAreRemovedByTheNextLab() {
    Child child = runChild("halt");

    assertThat(child.result.exitCode()).as(child.result.describe()).isEqualTo(3);
    List<String> left = RunRegistry.currentNamesOf(child.runId);
    assertThat(left).as("a halted JVM cannot clean up").isNotEmpty();
    assertThat(ProcessHandle.of(child.sleeperPid)).isPresent();

    try (NetnsLab next = NetnsLab.create()) {
      // `next` removes them; only a lab of a parallel build starting at this very moment could be
      // quicker, so the test asserts that they are gone rather than who removed them
      assertThat(RunRegistry.currentNamesOf(child.runId)).isEmpty();
      System.out.println("leftovers of the crashed run removed: " + next.removedLeftovers());
    }
    awaitDead(child.sleeperPid);
  }

  private record Child(ProcessResult result, String runId, long sleeperPid) {}

  private static Child runChild(String mode) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessResult r =
        Exec.run(
            Duration.ofSeconds(60),
            java,
            "-cp",
            System.getProperty("java.class.path"),
            LabChild.class.getName(),
            mode);
    Matcher run = Pattern.compile("(?m)^RUN (\\S+)$").matcher(r.stdout());
    Matcher pid = Pattern.compile("(?m)^PID (\\d+)$").matcher(r.stdout());
    assertThat(run.find() && pid.find()).as(r.describe()).isTrue();
    return new Child(r, run.group(1), Long.parseLong(pid.group(1)));
  }

  private static void awaitDead(long pid) {
    Awaitility.await("process " + pid + " gone")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }
}
