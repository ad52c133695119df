package io.vth.e2e.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds binaries on PATH and in the sbin directories (where iproute2 lives). */
final class IpBinary {
  private IpBinary() {}

  /** Absolute path of {@code ip}, or plain "ip" when not found (the command then fails clearly). */
  static String path() {
    return find("ip").map(Path::toString).orElse("ip");
  }

  static Optional<Path> find(String name) {
    List<String> dirs = new ArrayList<>();
    String env = System.getenv("PATH");
    if (env != null) {
      dirs.addAll(List.of(env.split(":")));
    }
    dirs.addAll(
        List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
