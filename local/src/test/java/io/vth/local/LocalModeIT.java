package io.vth.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.e2e.lab.NeedsNetns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's main-job command: {@code java -jar local/target/vth-local.jar up --once EXAMPLE} in
 * a child process, with the operator and the pods it starts, against the examples of this checkout.
 */
class LocalModeIT {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path JAR = Path.of("target/vth-local.jar").toAbsolutePath();

  record Run(int exitCode, String output) {}

  static Run up(String... args) throws IOException, InterruptedException {
    assertThat(JAR).as("the local jar (built by package)").exists();
    Path runDir = Files.createTempDirectory("vth-local-it-");
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.add("up");
    cmd.add("--once");
    cmd.addAll(List.of("--run-dir", runDir.toString(), "--timeout", "150"));
    cmd.addAll(List.of(args));
    Path output = runDir.resolve("output.txt");
    Process p =
        new ProcessBuilder(cmd)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!p.waitFor(240, TimeUnit.SECONDS)) {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
      p.destroyForcibly();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println(text);
    return new Run(p.isAlive() ? -1 : p.exitValue(), text);
  }

  @Test
  void quickstartHubIsReadyWithThreeAttachments() throws Exception {
    Run run = up("examples/quickstart");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("hub vth-quickstart/corp: Ready")
        .contains("attachment vth-quickstart/c1s1 (hub corp, domain default): Ready")
        .contains("attachment vth-quickstart/c1s2 (hub corp, domain default): Ready")
        .contains("attachment vth-quickstart/c1s3 (hub corp, domain default): Ready")
        .contains("check passed");
    assertThat(run.output().lines().filter(l -> l.startsWith("attachment ")).count()).isEqualTo(3);
    assertThat(run.output())
        .containsPattern("endpoint udp 127\\.0\\.0\\.1:\\d+ \\(pod corp-dataplane-");
  }

  @Test
  void routingDomainsExampleIsAsExpected() throws Exception {
    Run run = up("examples/routing-domains");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("check passed");
  }

  @Test
  @NeedsNetns
  void quickstartNetworksPingAcrossTheHub() throws Exception {
    Run run = up("--networks", "examples/quickstart");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("c1s1 -> c1s2 10.10.1.11: reached")
        .contains("c1s2 -> c1s3 21.12.1.12: reached")
        .contains("c1s3 -> c1s1 192.168.1.10: reached")
        .contains("traffic check: every ping went as the routes say");
  }
}
