package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ExecTest {

  @Test
  void capturesExitCodeAndBothStreams() {
    ProcessResult r =
        Exec.run(Duration.ofSeconds(10), "sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.timedOut()).isFalse();
    assertThat(r.ok()).isFalse();
    assertThatThrownBy(r::orThrow)
        .isInstanceOf(LabException.class)
        .hasMessageContaining("exited 3");
  }

  @Test
  void killsACommandThatDoesNotEndInTime() {
    ProcessResult r = Exec.run(Duration.ofMillis(300), "sh", "-c", "echo started; sleep 30");

    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.stdout()).isEqualTo("started\n");
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aMissingBinaryIsAFailedResultNotAnException() {
    ProcessResult r = Exec.run(Duration.ofSeconds(5), "vth-no-such-binary-xyz");

    assertThat(r.ok()).isFalse();
    assertThat(r.stderr()).contains("cannot run");
  }

  @Test
  void backgroundProcessesAreStoppedOnClose() throws Exception {
    Path dir = Files.createTempDirectory("exectest");
    BackgroundProcess p =
        new BackgroundProcess(
            List.of("sh", "-c", "trap '' TERM; echo up; while :; do sleep 1; done"),
            dir.resolve("o"),
            dir.resolve("e"));
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> p.stdout().equals("up\n"));

    p.close(); // ignores SIGTERM, so this needs the SIGKILL after the grace period

    assertThat(p.isAlive()).isFalse();
    Files.deleteIfExists(dir);
  }
}
