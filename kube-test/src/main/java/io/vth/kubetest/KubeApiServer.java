package io.vth.kubetest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real etcd and kube-apiserver on loopback, for tests: free ports, a throw-away CA, a {@code
 * system:masters} client certificate for setup, {@code --authorization-mode=RBAC}, and a
 * service-account signing key (so TokenRequest works). There is no controller manager and no
 * scheduler: nothing garbage-collects owned objects or finishes namespace deletion, and pods never
 * run. {@link #close()} stops both processes and deletes every file; a watchdog process does the
 * same if the JVM dies first.
 */
public final class KubeApiServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KubeApiServer.class.getName());

  /** The admin user of the client certificate {@link #client()} uses. */
  public static final String ADMIN_USER = "vth-admin";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final Path dir;
  private final String url;
  private final Pki pki;
  private final Pki.Identity admin;
  private final List<Process> processes = new ArrayList<>();
  private final ConcurrentLinkedDeque<KubernetesClient> clients = new ConcurrentLinkedDeque<>();
  private final String version;
  private Process watchdog;
  private KubernetesClient adminClient;
  private volatile boolean closed;

  private KubeApiServer(Path dir, String url, Pki pki, Pki.Identity admin, String version) {
    this.dir = dir;
    this.url = url;
    this.pki = pki;
    this.admin = admin;
    this.version = version;
  }

  /**
   * Starts etcd and kube-apiserver from {@code binaries} and waits until the API server is ready
   * (readyz covers the RBAC bootstrap roles). Tries new ports, up to three times, if a port was
   * taken.
   */
  public static KubeApiServer start(KubeBinaries.Found binaries) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return startOnce(binaries);
      } catch (PortTakenException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * How {@link #start(KubeBinaries.Found, Options)} sets the server up: the folder (created, and
   * deleted by close), the PKI, the address it binds and advertises, its secure port (0: a free
   * loopback port), extra serving-certificate names and flags that replace or add to the defaults
   * (a {@code null} value removes a default flag), and whether the serving certificate has an EC
   * key (fast to make) instead of an RSA one.
   */
  record Options(
      Path dir,
      Pki pki,
      String host,
      int securePort,
      List<String> extraDnsNames,
      List<String> extraIps,
      Map<String, String> flags,
      boolean ecKeys) {
    static Options loopback() {
      return new Options(null, null, "127.0.0.1", 0, List.of(), List.of(), Map.of(), false);
    }
  }

  /**
   * Starts etcd and kube-apiserver with {@code options} (see {@link Options}); used by {@link
   * KubeCluster} to bind the API server to its bridge address with the cluster's flags.
   */
  static KubeApiServer start(KubeBinaries.Found binaries, Options options) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        return startOnce(binaries, options);
      } catch (PortTakenException e) {
        last = e;
      }
    }
    throw last;
  }

  private static KubeApiServer startOnce(KubeBinaries.Found binaries) {
    return startOnce(binaries, Options.loopback());
  }

  private static KubeApiServer startOnce(KubeBinaries.Found binaries, Options options) {
    long t0 = System.nanoTime();
    Path dir;
    try {
      dir =
          options.dir() == null
              ? Files.createTempDirectory("vth-kube-")
              : Files.createDirectories(options.dir());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] ports = freePorts(3);
    String host = options.host();
    int securePort = options.securePort() == 0 ? ports[2] : options.securePort();
    String url = "https://" + host + ":" + securePort;
    Pki pki = options.pki() == null ? Pki.newCa("vth-kube-test-ca") : options.pki();
    List<String> dnsNames =
        new ArrayList<>(
            List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"));
    dnsNames.addAll(options.extraDnsNames());
    List<String> ips = new ArrayList<>(List.of(host, "::1"));
    ips.addAll(options.extraIps());
    Pki.Identity serving =
        options.ecKeys()
            ? pki.serverCertificateEc("kube-apiserver", dnsNames, ips)
            : pki.serverCertificate("kube-apiserver", dnsNames, ips);
    Pki.Identity admin = pki.clientCertificate(ADMIN_USER, List.of("system:masters"));
    Path ca = Pki.write(dir.resolve("ca.crt"), pki.ca().certificatePem());
    Path tlsCert = Pki.write(dir.resolve("apiserver.crt"), serving.certificatePem());
    Path tlsKey = Pki.write(dir.resolve("apiserver.key"), serving.privateKeyPem());
    // RSA even with ecKeys: --service-account-key-file reads the public key out of this file,
    // which Go's keyutil does for PKCS#1 RSA keys, not for PKCS#8 EC keys.
    Path saKey = Pki.write(dir.resolve("sa.key"), Pki.pem(Pki.rsa().getPrivate()));

    String version = versionOf(binaries.kubeApiServer());
    KubeApiServer server = new KubeApiServer(dir, url, pki, admin, version);
    try {
      server.startWatchdog();
      String etcdUrl = "http://127.0.0.1:" + ports[0];
      String peerUrl = "http://127.0.0.1:" + ports[1];
      server.launch(
          "etcd",
          List.of(
              binaries.etcd().toString(),
              "--name=default",
              "--data-dir=" + dir.resolve("etcd"),
              "--listen-client-urls=" + etcdUrl,
              "--advertise-client-urls=" + etcdUrl,
              "--listen-peer-urls=" + peerUrl,
              "--initial-advertise-peer-urls=" + peerUrl,
              "--initial-cluster=default=" + peerUrl,
              "--initial-cluster-state=new",
              "--unsafe-no-fsync=true",
              "--log-level=warn"));
      Map<String, String> flags = new LinkedHashMap<>();
      flags.put("etcd-servers", etcdUrl);
      flags.put("bind-address", host);
      flags.put("advertise-address", host);
      if (InetAddress.getByName(host).isLoopbackAddress()) {
        // No Endpoints for the kubernetes Service: a loopback address may not be advertised.
        flags.put("endpoint-reconciler-type", "none");
      }
      flags.put("secure-port", Integer.toString(securePort));
      flags.put("cert-dir", dir.resolve("certs").toString());
      flags.put("tls-cert-file", tlsCert.toString());
      flags.put("tls-private-key-file", tlsKey.toString());
      flags.put("client-ca-file", ca.toString());
      flags.put("authorization-mode", "RBAC");
      flags.put("service-account-issuer", "https://kubernetes.default.svc.cluster.local");
      flags.put("service-account-key-file", saKey.toString());
      flags.put("service-account-signing-key-file", saKey.toString());
      // Allocation range for Service objects; on loopback no packet is ever sent to it.
      flags.put("service-cluster-ip-range", "10.96.0.0/24");
      flags.put("allow-privileged", "true");
      flags.put("v", "0");
      options
          .flags()
          .forEach(
              (k, v) -> {
                if (v == null) {
                  flags.remove(k);
                } else {
                  flags.put(k, v);
                }
              });
      List<String> command = new ArrayList<>();
      command.add(binaries.kubeApiServer().toString());
      flags.forEach((k, v) -> command.add("--" + k + "=" + v));
      server.launch("kube-apiserver", command);
      server.awaitReady(t0);
      return server;
    } catch (IOException e) {
      server.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  /** The API server's URL, such as {@code https://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  /** The kube-apiserver's version line, such as {@code Kubernetes v1.37.2}. */
  public String version() {
    return version;
  }

  /** PEM of the CA that signed the serving certificate and the client certificates. */
  public String caCertificatePem() {
    return pki.ca().certificatePem();
  }

  /** The shared admin client ({@code system:masters}); closed with the server. */
  public synchronized KubernetesClient client() {
    if (adminClient == null) {
      adminClient = newClient(adminConfig());
    }
    return adminClient;
  }

  /** A new Fabric8 configuration for the admin identity, to adapt (it has no namespace set). */
  public Config adminConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withCaCertData(b64(pki.ca().certificatePem()))
        .withClientCertData(b64(admin.certificatePem()))
        .withClientKeyData(b64(admin.privateKeyPem()))
        .withClientKeyAlgo("RSA")
        .withRequestTimeout(30_000)
        .withConnectionTimeout(10_000)
        .build();
  }

  /**
   * A client that acts as the ServiceAccount {@code namespace/name} through impersonation (the
   * admin impersonates it, with the groups Kubernetes gives every ServiceAccount), so what it may
   * do is exactly what RBAC grants that ServiceAccount. The ServiceAccount need not exist. Closed
   * with the server.
   */
  public KubernetesClient clientAsServiceAccount(String namespace, String name) {
    return clientAs(
        "system:serviceaccount:" + namespace + ":" + name,
        "system:serviceaccounts",
        "system:serviceaccounts:" + namespace,
        "system:authenticated");
  }

  /** A client impersonating {@code user} with {@code groups}. Closed with the server. */
  public KubernetesClient clientAs(String user, String... groups) {
    Config c = adminConfig();
    c.setImpersonateUsername(user);
    c.setImpersonateGroups(groups);
    return newClient(c);
  }

  /**
   * A client with a client certificate of its own for {@code user} in {@code groups} (no
   * impersonation involved). Closed with the server.
   */
  public KubernetesClient clientWithCertificate(String user, String... groups) {
    Pki.Identity id = pki.clientCertificate(user, List.of(groups));
    return newClient(
        new ConfigBuilder(adminConfig())
            .withClientCertData(b64(id.certificatePem()))
            .withClientKeyData(b64(id.privateKeyPem()))
            .build());
  }

  /**
   * A kubeconfig file for the admin identity (for tools that read one, such as Helm); it lives in
   * the server's temporary folder and is deleted with it.
   */
  public Path adminKubeconfig() {
    return Kubeconfig.write(
        dir.resolve("admin.kubeconfig"), url, pki.ca().certificatePem(), ADMIN_USER, admin);
  }

  /** The PKI whose CA signs the serving and client certificates (for cluster components). */
  Pki pki() {
    return pki;
  }

  /** The CA certificate file. */
  Path caFile() {
    return dir.resolve("ca.crt");
  }

  /** The service-account signing key (PKCS#1 PEM), for the controller manager. */
  Path serviceAccountKeyFile() {
    return dir.resolve("sa.key");
  }

  /** Creates a namespace with a unique name starting with {@code prefix}; returns its name. */
  public String createNamespace(String prefix) {
    String name =
        (prefix
                + "-"
                + NAMESPACES.incrementAndGet()
                + "-"
                + Long.toString(System.nanoTime() % 46656, 36))
            .toLowerCase(Locale.ROOT);
    client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * Installs every CRD in the YAML files of {@code folder} (server-side apply, so installing again
   * is harmless) and waits until each is Established.
   */
  public List<CustomResourceDefinition> installCrds(Path folder) {
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files =
          s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<CustomResourceDefinition> installed = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        for (HasMetadata o : client().load(in).items()) {
          if (o instanceof CustomResourceDefinition crd) {
            installed.add(
                client()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(crd)
                    .fieldManager("vth-kube-test")
                    .forceConflicts()
                    .serverSideApply());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (CustomResourceDefinition crd : installed) {
      client()
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus())),
              60,
              TimeUnit.SECONDS);
    }
    return installed;
  }

  /** The last {@code lines} lines of a process's log ({@code etcd} or {@code kube-apiserver}). */
  public String logTail(String process, int lines) {
    Path log = dir.resolve(process + ".log");
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** The temporary folder holding certificates, etcd's data and the logs (deleted by close). */
  public Path directory() {
    return dir;
  }

  /** Whether both processes are still running. */
  public boolean isRunning() {
    return !closed && processes.stream().allMatch(Process::isAlive);
  }

  /** Stops kube-apiserver, then etcd, and deletes the temporary folder. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (KubernetesClient c : clients) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
    }
    for (int i = processes.size() - 1; i >= 0; i--) {
      stop(processes.get(i));
    }
    deleteTree(dir);
    if (watchdog != null) {
      watchdog.destroy();
    }
  }

  private KubernetesClient newClient(Config config) {
    KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(c);
    return c;
  }

  private void launch(String name, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.directory(dir.toFile());
    try {
      Process p = pb.start();
      processes.add(p);
      Files.writeString(
          dir.resolve("pids"),
          p.pid() + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /**
   * A shell that waits for this JVM to end: if it ends without {@link #close()} (killed, crashed),
   * the shell kills the recorded processes and deletes the folder. After a normal close the folder
   * is gone and the shell ends by itself.
   */
  private void startWatchdog() {
    String script =
        "while kill -0 \"$1\" 2>/dev/null && [ -d \"$2\" ]; do sleep 1; done; "
            + "if [ -d \"$2\" ]; then for p in $(cat \"$2/pids\" 2>/dev/null); do kill -9 \"$p\" 2>/dev/null; done; "
            + "rm -rf \"$2\"; fi";
    ProcessBuilder pb =
        new ProcessBuilder(
            "sh",
            "-c",
            script,
            "vth-kube-watchdog",
            Long.toString(ProcessHandle.current().pid()),
            dir.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      watchdog = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the watchdog shell", e);
    }
  }

  private void awaitReady(long t0) {
    long deadline = t0 + START_TIMEOUT.toNanos();
    String lastProblem = "no answer yet";
    Config probe = adminConfig();
    probe.setRequestTimeout(5_000);
    try (KubernetesClient c = new KubernetesClientBuilder().withConfig(probe).build()) {
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < processes.size(); i++) {
          Process p = processes.get(i);
          if (!p.isAlive()) {
            String name = i == 0 ? "etcd" : "kube-apiserver";
            String tail = logTail(name, 30);
            if (tail.contains("address already in use")) {
              throw new PortTakenException(name + " found its port taken");
            }
            throw new IllegalStateException(
                name
                    + " exited with code "
                    + p.exitValue()
                    + " while starting; log tail:\n"
                    + tail);
          }
        }
        try {
          String ready = c.raw("/readyz");
          if (ready != null && ready.strip().equals("ok")) {
            LOG.log(
                System.Logger.Level.INFO,
                String.format(
                    "%s ready at %s in %.1f s (folder %s)",
                    version, url, (System.nanoTime() - t0) / 1e9, dir));
            return;
          }
          lastProblem = "readyz said: " + ready;
        } catch (KubernetesClientException e) {
          lastProblem = e.getMessage();
        }
        sleep(200);
      }
    }
    throw new IllegalStateException(
        "kube-apiserver not ready after "
            + START_TIMEOUT.toSeconds()
            + " s ("
            + lastProblem
            + "); log tail:\n"
            + logTail("kube-apiserver", 30)
            + "\netcd log tail:\n"
            + logTail("etcd", 10));
  }

  private static void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort; the watchdog removes what is left
    }
  }

  private static String versionOf(Path kubeApiServer) {
    try {
      Process p =
          new ProcessBuilder(kubeApiServer.toString(), "--version")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "kube-apiserver";
    }
  }

  private static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        s.setReuseAddress(true);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // nothing to do
        }
      }
    }
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for kube-apiserver", e);
    }
  }

  /** A port chosen as free was taken before the process bound it. */
  static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
