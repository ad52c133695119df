package io.vth.kubetest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the kube-apiserver and etcd binaries that {@code test-infra/build-k8s.sh} builds, building
 * them when they are missing.
 *
 * <p>Order: the folder named by {@code VTH_K8S_BIN_DIR} (or the system property {@code
 * vth.k8s.binDir}); else {@code ~/.cache/vth/k8s-<version>/} when it holds both binaries built from
 * the committed {@code go.mod}/{@code go.sum} (no Go needed); else the build script runs (unless
 * {@code VTH_K8S_NO_BUILD=1}), printing its progress.
 */
public final class KubeBinaries {
  private static final System.Logger LOG = System.getLogger(KubeBinaries.class.getName());

  /** Folder holding {@code kube-apiserver} and {@code etcd}, overriding the build. */
  public static final String BIN_DIR_ENV = "VTH_K8S_BIN_DIR";

  /** Set to {@code 1} to never run the build script from a test. */
  public static final String NO_BUILD_ENV = "VTH_K8S_NO_BUILD";

  /** Parent of the {@code k8s-<version>} folders (default {@code ~/.cache/vth}). */
  public static final String CACHE_ENV = "VTH_K8S_CACHE";

  static final String SCRIPT = "test-infra/build-k8s.sh";

  private static final Pattern K8S_REQUIRE =
      Pattern.compile("(?m)^\\s*(?:require\\s+)?k8s\\.io/kubernetes\\s+(v\\S+)");

  /** Where the binaries are, or why they are not there. */
  public record Found(Optional<Path> binDir, String problem) {
    /** The kube-apiserver binary. */
    public Path kubeApiServer() {
      return binDir.orElseThrow().resolve("kube-apiserver");
    }

    /** The etcd binary. */
    public Path etcd() {
      return binDir.orElseThrow().resolve("etcd");
    }

    /** Any binary of the folder by name, such as {@code kubelet}. */
    public Path binary(String name) {
      return binDir.orElseThrow().resolve(name);
    }

    static Found at(Path dir) {
      return new Found(Optional.of(dir), "");
    }

    static Found missing(String problem) {
      return new Found(Optional.empty(), problem);
    }
  }

  /** What a whole cluster needs besides kube-apiserver and etcd. */
  static final List<String> NODE_BINARIES =
      List.of("kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy");

  private static Found cached;
  private static Found cachedAll;

  private KubeBinaries() {}

  /** The binaries, located (and built if needed) once per JVM. */
  public static synchronized Found locate() {
    if (cached == null) {
      cached =
          locate(
              env(BIN_DIR_ENV, "vth.k8s.binDir"),
              env(CACHE_ENV, "vth.k8s.cache"),
              "1".equals(env(NO_BUILD_ENV, "vth.k8s.noBuild")),
              Path.of(System.getProperty("user.dir")));
    }
    return cached;
  }

  /**
   * Like {@link #locate()}, but also requires {@link #NODE_BINARIES} (a cache folder built by an
   * older script that lacks them is rebuilt by the script).
   */
  public static synchronized Found locateAll() {
    if (cachedAll == null) {
      Found f = locate();
      if (f.binDir().isPresent() && !hasNodeBinaries(f.binDir().get())) {
        String override = env(BIN_DIR_ENV, "vth.k8s.binDir");
        boolean noBuild = "1".equals(env(NO_BUILD_ENV, "vth.k8s.noBuild"));
        Optional<Path> repo = repoRoot(Path.of(System.getProperty("user.dir")));
        if ((override != null && !override.isBlank()) || noBuild || repo.isEmpty()) {
          f =
              Found.missing(
                  f.binDir().get()
                      + " lacks "
                      + NODE_BINARIES
                      + ": run `bash "
                      + SCRIPT
                      + "` (it builds all six)");
        } else {
          f =
              runBuild(
                  repo.get(),
                  env(CACHE_ENV, "vth.k8s.cache"),
                  "run `bash " + repo.get().resolve(SCRIPT) + "`");
          if (f.binDir().isPresent() && !hasNodeBinaries(f.binDir().get())) {
            f = Found.missing(SCRIPT + " did not build " + NODE_BINARIES);
          }
        }
      }
      cachedAll = f;
    }
    return cachedAll;
  }

  static boolean hasNodeBinaries(Path dir) {
    return NODE_BINARIES.stream().allMatch(b -> Files.isExecutable(dir.resolve(b)));
  }

  static Found locate(String binDirOverride, String cacheOverride, boolean noBuild, Path from) {
    if (binDirOverride != null && !binDirOverride.isBlank()) {
      Path dir = Path.of(binDirOverride);
      return hasBoth(dir)
          ? Found.at(dir)
          : Found.missing(
              BIN_DIR_ENV + "=" + dir + " does not hold executable kube-apiserver and etcd");
    }
    Optional<Path> repo = repoRoot(from);
    if (repo.isEmpty()) {
      return Found.missing(
          "cannot find " + SCRIPT + " above " + from + " (set " + BIN_DIR_ENV + " instead)");
    }
    Path infra = repo.get().resolve("test-infra");
    Path cacheRoot =
        cacheOverride != null && !cacheOverride.isBlank()
            ? Path.of(cacheOverride)
            : Path.of(System.getProperty("user.home"), ".cache", "vth");
    try {
      String version = pinnedVersion(infra);
      Path dir = cacheRoot.resolve("k8s-" + version);
      if (hasBoth(dir) && stampMatches(infra, dir)) {
        return Found.at(dir);
      }
      String how =
          "run `bash " + repo.get().resolve(SCRIPT) + "` (needs Go and the Go module proxy)";
      if (noBuild) {
        return Found.missing(
            "kube-apiserver "
                + version
                + " is not built in "
                + dir
                + " and "
                + NO_BUILD_ENV
                + "=1: "
                + how);
      }
      return runBuild(repo.get(), cacheOverride, how);
    } catch (IOException e) {
      return Found.missing("cannot read " + infra + ": " + e);
    }
  }

  /** The folder above {@code from} (or {@code from} itself) that holds the build script. */
  static Optional<Path> repoRoot(Path from) {
    for (Path p = from.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(SCRIPT))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The k8s.io/kubernetes version that {@code test-infra/k8s/go.mod} pins. */
  static String pinnedVersion(Path infra) throws IOException {
    Matcher m = K8S_REQUIRE.matcher(Files.readString(infra.resolve("k8s/go.mod")));
    if (!m.find()) {
      throw new IOException("no k8s.io/kubernetes requirement in test-infra/k8s/go.mod");
    }
    return m.group(1);
  }

  /** The same stamp as the build script: SHA-256 of both modules' go.mod and go.sum. */
  static String stamp(Path infra) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String f : List.of("k8s/go.mod", "k8s/go.sum", "etcd/go.mod", "etcd/go.sum")) {
        sha.update(Files.readAllBytes(infra.resolve(f)));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean stampMatches(Path infra, Path dir) throws IOException {
    Path stamp = dir.resolve("STAMP");
    return Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(stamp(infra));
  }

  private static boolean hasBoth(Path dir) {
    return Files.isExecutable(dir.resolve("kube-apiserver"))
        && Files.isExecutable(dir.resolve("etcd"));
  }

  private static Found runBuild(Path repo, String cacheOverride, String how) {
    LOG.log(
        System.Logger.Level.INFO,
        "kube-apiserver/etcd not built yet: running "
            + SCRIPT
            + " (first run only; a cold build takes a while)");
    Map<String, String> env =
        cacheOverride != null && !cacheOverride.isBlank()
            ? Map.of(CACHE_ENV, cacheOverride)
            : Map.of();
    BuildScript.Result r = BuildScript.run(repo.resolve(SCRIPT), "bin-dir", env);
    if (r.value() != null && hasBoth(Path.of(r.value()))) {
      return Found.at(Path.of(r.value()));
    }
    return Found.missing(
        (r.problem() != null ? r.problem() : SCRIPT + " built no kube-apiserver and etcd")
            + "; to retry: "
            + how);
  }

  private static String env(String name, String property) {
    String p = System.getProperty(property);
    return p != null ? p : System.getenv(name);
  }

  static void resetForTests() {
    cached = null;
    cachedAll = null;
  }
}
