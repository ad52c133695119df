package io.vth.e2e.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link NeedsNetns}. */
public final class NetnsCondition implements ExecutionCondition {
  /** Set to {@code 1} to turn a missing capability into a test failure. */
  public static final String REQUIRED_ENV = "VTH_E2E_REQUIRED";

  /** JUnit configuration parameter / system property overriding {@link #REQUIRED_ENV}. */
  public static final String REQUIRED_PARAMETER = "vth.e2e.required";

  private static volatile List<String> platformProblems;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Set<String> binaries = new LinkedHashSet<>();
    context
        .getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, NeedsNetns.class))
        .ifPresent(a -> binaries.addAll(List.of(a.binaries())));
    context
        .getTestMethod()
        .flatMap(m -> AnnotationSupport.findAnnotation(m, NeedsNetns.class))
        .ifPresent(a -> binaries.addAll(List.of(a.binaries())));
    List<String> missing = new ArrayList<>(platformProblems());
    for (String b : binaries) {
      if (IpBinary.find(b).isEmpty()) {
        missing.add("binary `" + b + "` not found on PATH or in sbin");
      }
    }
    boolean required =
        isRequired(
            context.getConfigurationParameter(REQUIRED_PARAMETER), System.getenv(REQUIRED_ENV));
    return decide(missing, required);
  }

  /**
   * Enabled when nothing is missing; otherwise disabled with the reasons, or, when required, an
   * exception (which JUnit reports as a failure of the test).
   */
  static ConditionEvaluationResult decide(List<String> missing, boolean required) {
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("network namespaces, veth and VXLAN work here");
    }
    String reasons = String.join("; ", missing);
    if (required) {
      throw new IllegalStateException(
          "vth e2e test cannot run and "
              + REQUIRED_ENV
              + "=1 forbids skipping it: "
              + reasons
              + ". Install iproute2, iputils-ping and iperf3 and run as root.");
    }
    return ConditionEvaluationResult.disabled(
        "vth e2e skipped: "
            + reasons
            + " (run as root with iproute2, iputils-ping and iperf3 installed; "
            + REQUIRED_ENV
            + "=1 turns this skip into a failure)");
  }

  static boolean isRequired(Optional<String> parameter, String env) {
    if (parameter.isPresent() && !parameter.get().isBlank()) {
      String p = parameter.get().strip().toLowerCase(Locale.ROOT);
      return p.equals("true") || p.equals("1");
    }
    return "1".equals(env == null ? null : env.strip());
  }

  /** Problems with the platform itself (not root, no ip, netns/veth/VXLAN not working); cached. */
  static List<String> platformProblems() {
    List<String> p = platformProblems;
    if (p == null) {
      synchronized (NetnsCondition.class) {
        p = platformProblems;
        if (p == null) {
          p = List.copyOf(probe());
          platformProblems = p;
        }
      }
    }
    return p;
  }

  private static List<String> probe() {
    List<String> problems = new ArrayList<>();
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      problems.add("not Linux (" + System.getProperty("os.name") + ")");
      return problems;
    }
    Optional<Integer> uid = effectiveUid();
    if (uid.isPresent() && uid.get() != 0) {
      problems.add("not running as root (uid " + uid.get() + ")");
      return problems;
    }
    if (IpBinary.find("ip").isEmpty()) {
      problems.add("binary `ip` (iproute2) not found on PATH or in sbin");
      return problems;
    }
    if (IpBinary.find("ethtool").isEmpty()) {
      problems.add(
          "binary `ethtool` not found on PATH or in sbin (labs turn off checksum offload)");
      return problems;
    }
    try (RunRegistry.Run run = RunRegistry.start()) {
      String ns = RunRegistry.NAMESPACE_PREFIX + run.id() + "-probe";
      Duration t = NetnsLab.IP_TIMEOUT;
      ProcessResult add = Exec.run(t, IpBinary.path(), "netns", "add", ns);
      if (!add.ok()) {
        problems.add("`ip netns add` does not work: " + add.stderr().strip());
        return problems;
      }
      try {
        ProcessResult veth =
            Exec.run(
                t,
                NetnsLab.ipCommand(ns, "link", "add", "p0", "type", "veth", "peer", "name", "p1"));
        if (!veth.ok()) {
          problems.add("veth devices do not work: " + veth.stderr().strip());
        }
        ProcessResult vxlan =
            Exec.run(
                t,
                NetnsLab.ipCommand(
                    ns, "link", "add", "vxp", "type", "vxlan", "id", "42", "dstport", "4789"));
        if (!vxlan.ok()) {
          problems.add("VXLAN devices do not work: " + vxlan.stderr().strip());
        }
      } finally {
        Exec.run(t, IpBinary.path(), "netns", "del", ns);
      }
    }
    return problems;
  }

  private static Optional<Integer> effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Optional.of(Integer.parseInt(line.substring(4).strip().split("\\s+")[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // unknown: let the namespace probe decide
    }
    return Optional.empty();
  }
}
