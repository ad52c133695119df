package io.vth.e2e.lab;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run ids, liveness and crash recovery.
 *
 * <p>Every lab gets a random 4-character run id. Its namespaces are named {@code
 * vthe2e-<id>-<name>} and its links in the host namespace {@code vthe<id>h<n>} (at most 15
 * characters). While a lab is open, its JVM holds an exclusive lock on {@code
 * /tmp/vthe2e-runs/<id>.lock}; the kernel drops that lock when the JVM dies, however it dies. So at
 * start a lab can tell leftovers of crashed runs (nobody holds their lock) from namespaces of runs
 * that are still going on in parallel (another checkout, another module's tests) and removes only
 * the former.
 */
final class RunRegistry {
  static final String NAMESPACE_PREFIX = "vthe2e-";
  static final String LINK_PREFIX = "vthe";
  static final Pattern NAMESPACE = Pattern.compile("^vthe2e-([a-z0-9]{4})-\\S+$");
  static final Pattern LINK = Pattern.compile("^vthe([a-z0-9]{4})h\\d+$");

  private static final Path DIR = Path.of(System.getProperty("vth.e2e.rundir", "/tmp/vthe2e-runs"));
  private static final Path ALLOC_LOCK = DIR.resolve("alloc.lock");
  private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final Object JVM_ALLOC_MONITOR = new Object();

  private RunRegistry() {}

  /** A live run: holds its lock file until closed. */
  static final class Run implements AutoCloseable {
    private final String id;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private Run(String id, Path file, FileChannel channel, FileLock lock) {
      this.id = id;
      this.file = file;
      this.channel = channel;
      this.lock = lock;
    }

    String id() {
      return id;
    }

    @Override
    public void close() {
      try {
        Files.deleteIfExists(file);
        lock.release();
        channel.close();
      } catch (IOException ignored) {
        // the lock goes away with the channel or the process anyway
      }
    }
  }

  /** Starts a new run with a fresh random id whose lock this JVM holds. */
  static Run start() {
    try {
      Files.createDirectories(DIR);
      for (int attempt = 0; attempt < 100; attempt++) {
        String id = randomId();
        Path file = DIR.resolve(id + ".lock");
        if (!currentNamesOf(id).isEmpty()) {
          continue; // leftovers (or a live run) already use this id
        }
        FileChannel ch;
        try {
          ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
          continue;
        }
        FileLock lock = ch.tryLock();
        if (lock == null || !Files.exists(file)) {
          ch.close();
          continue;
        }
        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()));
        return new Run(id, file, ch, lock);
      }
      throw new LabException("could not find a free run id in " + DIR);
    } catch (IOException e) {
      throw new LabException("cannot create run lock in " + DIR + ": " + e.getMessage(), e);
    }
  }

  /**
   * Removes namespaces and host links of runs whose JVM is gone. Returns the names removed. Never
   * touches a run that is still alive (in this JVM or another).
   */
  static List<String> removeLeftoversOfDeadRuns() {
    TreeMap<String, Set<String>> namespacesById = new TreeMap<>();
    TreeMap<String, Set<String>> linksById = new TreeMap<>();
    for (String ns : listNamespaces()) {
      Matcher m = NAMESPACE.matcher(ns);
      if (m.matches()) {
        namespacesById.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(ns);
      }
    }
    for (String link : listHostLinks()) {
      Matcher m = LINK.matcher(link);
      if (m.matches()) {
        linksById.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>()).add(link);
      }
    }
    Set<String> ids = new LinkedHashSet<>(namespacesById.keySet());
    ids.addAll(linksById.keySet());
    List<String> removed = new ArrayList<>();
    for (String id : ids) {
      if (isAlive(id)) {
        continue;
      }
      for (String link : linksById.getOrDefault(id, Set.of())) {
        if (Exec.run(IP_TIMEOUT, IpBinary.path(), "link", "del", link).ok()) {
          removed.add(link);
        }
      }
      for (String ns : namespacesById.getOrDefault(id, Set.of())) {
        killProcessesIn(ns);
        if (Exec.run(IP_TIMEOUT, IpBinary.path(), "netns", "del", ns).ok()) {
          removed.add(ns);
        }
      }
    }
    return removed;
  }

  /** Namespaces and host links currently present that carry run id {@code id}. */
  static List<String> currentNamesOf(String id) {
    List<String> names = new ArrayList<>();
    for (String ns : listNamespaces()) {
      Matcher m = NAMESPACE.matcher(ns);
      if (m.matches() && m.group(1).equals(id)) {
        names.add(ns);
      }
    }
    for (String link : listHostLinks()) {
      Matcher m = LINK.matcher(link);
      if (m.matches() && m.group(1).equals(id)) {
        names.add(link);
      }
    }
    return names;
  }

  /** All network namespace names ({@code ip netns list}). */
  static List<String> listNamespaces() {
    ProcessResult r = Exec.run(IP_TIMEOUT, IpBinary.path(), "netns", "list");
    List<String> names = new ArrayList<>();
    if (!r.ok()) {
      return names;
    }
    for (String line : r.stdout().split("\\R")) {
      String l = line.strip();
      if (!l.isEmpty()) {
        names.add(l.split("\\s+")[0]);
      }
    }
    return names;
  }

  /** Link names in the host (root) namespace, without the {@code @peer} suffix. */
  static List<String> listHostLinks() {
    return listLinks(null);
  }

  /** Link names in namespace {@code ns} (null: host), without the {@code @peer} suffix. */
  static List<String> listLinks(String ns) {
    List<String> cmd = new ArrayList<>(List.of(IpBinary.path()));
    if (ns != null) {
      cmd.addAll(List.of("-n", ns));
    }
    cmd.addAll(List.of("-o", "link", "show"));
    ProcessResult r = Exec.run(IP_TIMEOUT, cmd);
    List<String> names = new ArrayList<>();
    if (!r.ok()) {
      return names;
    }
    for (String line : r.stdout().split("\\R")) {
      String[] parts = line.split(":\\s+", 3);
      if (parts.length >= 2) {
        String name = parts[1];
        int at = name.indexOf('@');
        names.add(at >= 0 ? name.substring(0, at) : name);
      }
    }
    return names;
  }

  /** Kills whatever still runs inside {@code ns} (so deleting it really frees it). */
  static void killProcessesIn(String ns) {
    ProcessResult r = Exec.run(IP_TIMEOUT, IpBinary.path(), "netns", "pids", ns);
    if (!r.ok()) {
      return;
    }
    for (String pid : r.stdout().split("\\s+")) {
      if (pid.matches("\\d+")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** Runs {@code action} while holding the machine-wide address-allocation lock. */
  static <T> T withAllocationLock(Supplier<T> action) {
    synchronized (JVM_ALLOC_MONITOR) {
      try {
        Files.createDirectories(DIR);
        try (FileChannel ch =
                FileChannel.open(ALLOC_LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.lock()) {
          if (!lock.isValid()) {
            throw new LabException("lost the lock on " + ALLOC_LOCK);
          }
          return action.get();
        }
      } catch (IOException e) {
        throw new LabException("cannot lock " + ALLOC_LOCK + ": " + e.getMessage(), e);
      }
    }
  }

  private static boolean isAlive(String id) {
    Path file = DIR.resolve(id + ".lock");
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return true; // held by a lab in this JVM
      }
      if (lock == null) {
        return true; // held by another process
      }
      Files.deleteIfExists(file);
      lock.release();
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static String randomId() {
    StringBuilder sb = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
