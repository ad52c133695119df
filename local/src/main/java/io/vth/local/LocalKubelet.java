package io.vth.local;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Stands in for the kubelet and the Deployment controller: for every Deployment of a cell it runs
 * {@code replicas} pod processes ({@code java -jar} of the pod jars) with the Deployment's
 * arguments and environment adapted to one machine (unique free ports per pod; dataplane pods get
 * {@code --decision-pods 127.0.0.1:PORT,...} of their cell's decision pods instead of the cluster
 * DNS name, and no dataplane peers: every network of a hub is pointed at one pod, see {@link
 * Summary#endpointPod}), creates a Pod object for each (Running, podIP 127.0.0.1, Ready from the
 * process's {@code /readyz}) and keeps the Deployment's replica counts true. Pods are restarted
 * when they exit or the Deployment's pod template changes, and stopped when the Deployment goes
 * away.
 */
final class LocalKubelet implements AutoCloseable {

  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String CELL = "vth.io/cell";
  static final String ROLE = "vth.io/role";
  static final String ZONE = "vth.io/zone";
  static final String ROLE_DATAPLANE = "dataplane";
  static final String ROLE_DECISION = "decision";
  static final String START_HASH = "vth.io/start-config-hash";
  static final String LOCAL_IP = "127.0.0.1";

  /** One pod process. */
  static final class LocalPod {
    final String namespace;
    final String deployment;
    final String name;
    final String role;
    final String cell;
    final String zone;
    final Map<String, String> labels;
    final int httpPort;
    final int udpPort;
    final Path log;
    String startKey;
    Process process;
    volatile boolean ready;
    int restarts;
    boolean podObjectReady;
    boolean podObjectExists;

    LocalPod(
        String namespace,
        String deployment,
        String name,
        String role,
        String cell,
        String zone,
        Map<String, String> labels,
        Path log) {
      this.namespace = namespace;
      this.deployment = deployment;
      this.name = name;
      this.role = role;
      this.cell = cell;
      this.zone = zone;
      this.labels = labels;
      this.httpPort = freeTcpPort();
      this.udpPort = freeUdpPort();
      this.log = log;
    }

    /** The VXLAN port (dataplane) or the query port (decision) on the host. */
    int udpPort() {
      return udpPort;
    }

    boolean isDataplane() {
      return role.equals(ROLE_DATAPLANE);
    }

    boolean alive() {
      return process != null && process.isAlive();
    }
  }

  private final KubernetesClient client;
  private final Home home;
  private final Path kubeconfig;
  private final Path logDir;
  private final Consumer<String> progress;
  private final Map<String, List<LocalPod>> pods = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vth-local-kubelet");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean closed;

  LocalKubelet(
      KubernetesClient client, Home home, Path kubeconfig, Path logDir, Consumer<String> progress) {
    this.client = client;
    this.home = home;
    this.kubeconfig = kubeconfig;
    this.logDir = logDir;
    this.progress = progress;
  }

  void start() {
    loop.scheduleWithFixedDelay(this::tickSafely, 0, 500, TimeUnit.MILLISECONDS);
  }

  /** A snapshot of the running pods. */
  synchronized List<LocalPod> pods() {
    return pods.values().stream().flatMap(Collection::stream).toList();
  }

  private void tickSafely() {
    try {
      tick();
    } catch (KubernetesClientException e) {
      // the API server is going away or a write raced another: next tick
    } catch (RuntimeException e) {
      progress.accept("local runtime: " + e);
    }
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    List<Deployment> deployments =
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .withLabel(MANAGED_BY, "vth-operator")
            .withLabel(ROLE)
            .list()
            .getItems();
    Map<String, Deployment> byKey = new LinkedHashMap<>();
    for (Deployment d : deployments) {
      byKey.put(key(d), d);
    }
    // gone Deployments
    for (String k : new ArrayList<>(pods.keySet())) {
      if (!byKey.containsKey(k)) {
        for (LocalPod p : pods.remove(k)) {
          stopPod(p, "its Deployment " + k + " is gone");
        }
      }
    }
    // decision pods first: dataplane pods need their ports
    for (Deployment d : deployments) {
      if (ROLE_DECISION.equals(label(d, ROLE))) {
        reconcile(d, List.of());
      }
    }
    for (Deployment d : deployments) {
      if (ROLE_DATAPLANE.equals(label(d, ROLE))) {
        List<String> peers =
            pods().stream()
                .filter(
                    p ->
                        p.role.equals(ROLE_DECISION)
                            && p.namespace.equals(d.getMetadata().getNamespace())
                            && p.cell.equals(label(d, CELL)))
                .map(p -> LOCAL_IP + ":" + p.udpPort)
                .sorted()
                .toList();
        // every zone of the cell with dataplane pods has its decision Deployment: the peer list is
        // complete (starting earlier would restart the dataplane pods once it grows)
        boolean complete =
            deployments.stream()
                .filter(x -> sameCell(x, d) && ROLE_DATAPLANE.equals(label(x, ROLE)))
                .allMatch(
                    x ->
                        deployments.stream()
                            .anyMatch(
                                y ->
                                    sameCell(y, d)
                                        && ROLE_DECISION.equals(label(y, ROLE))
                                        && Objects.equals(label(y, ZONE), label(x, ZONE))));
        if (!peers.isEmpty() && complete) {
          reconcile(d, peers);
        }
      }
    }
    for (Deployment d : deployments) {
      List<LocalPod> list = pods.getOrDefault(key(d), List.of());
      String keyArg =
          argument(d.getSpec().getTemplate().getSpec().getContainers().get(0), "cell-key-file");
      if (keyArg != null && !list.isEmpty()) {
        // a rotated Secret reaches the running pods, which read their key file again
        cellKeyFile(d, keyArg);
      }
      for (LocalPod p : list) {
        p.ready = p.alive() && probe(p);
        syncPodObject(p, d);
      }
      syncDeploymentStatus(d, list);
    }
  }

  private void reconcile(Deployment d, List<String> decisionPeers) {
    String k = key(d);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    int replicas = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    String startKey =
        Objects.toString(
                d.getSpec().getTemplate().getMetadata().getAnnotations() == null
                    ? null
                    : d.getSpec().getTemplate().getMetadata().getAnnotations().get(START_HASH))
            + c.getArgs()
            + decisionPeers;
    List<LocalPod> list = pods.computeIfAbsent(k, x -> new ArrayList<>());
    while (list.size() > replicas) {
      stopPod(list.remove(list.size() - 1), "scaled down");
    }
    while (list.size() < replicas) {
      String name = d.getMetadata().getName() + "-" + suffix();
      list.add(
          new LocalPod(
              d.getMetadata().getNamespace(),
              d.getMetadata().getName(),
              name,
              label(d, ROLE),
              label(d, CELL),
              label(d, ZONE),
              new LinkedHashMap<>(d.getSpec().getTemplate().getMetadata().getLabels()),
              logDir.resolve(name + ".log")));
    }
    for (LocalPod p : list) {
      if (p.process == null || !startKey.equals(p.startKey)) {
        if (p.process != null) {
          ChildProcesses.stop(p.process, 5000);
          progress.accept("restarting pod " + p.name + ": its Deployment changed");
        }
        launch(p, d, c, decisionPeers, startKey);
      } else if (!p.process.isAlive()) {
        p.restarts++;
        progress.accept(
            "pod "
                + p.name
                + " exited with "
                + p.process.exitValue()
                + ", restarting (log: "
                + p.log
                + ")");
        launch(p, d, c, decisionPeers, startKey);
      }
    }
  }

  private void launch(
      LocalPod p, Deployment d, Container c, List<String> decisionPeers, String startKey) {
    Path keyFile = null;
    String keyArg = argument(c, "cell-key-file");
    if (keyArg != null) {
      keyFile = cellKeyFile(d, keyArg);
      if (keyFile == null) {
        progress.accept("pod " + p.name + " waits for its cell's key Secret");
        return;
      }
    }
    List<String> args = new ArrayList<>();
    List<String> given = c.getArgs() == null ? List.of() : c.getArgs();
    for (int i = 0; i < given.size(); i++) {
      String a = given.get(i);
      String name = a.startsWith("--") ? a.substring(2) : a;
      if (name.contains("=")) {
        name = name.substring(0, name.indexOf('='));
      }
      boolean replaced =
          switch (name) {
            case "decision-service",
                "decision-pods",
                "peer-service",
                "peer-port",
                "cell-key-file",
                "http-port",
                "udp-port",
                "vxlan-port",
                "pod-name" ->
                true;
            default -> false;
          };
      boolean hasValue =
          !a.contains("=") && i + 1 < given.size() && !given.get(i + 1).startsWith("--");
      if (!replaced) {
        args.add(a);
        if (hasValue) {
          args.add(given.get(i + 1));
        }
      }
      if (hasValue) {
        i++;
      }
    }
    args.addAll(List.of("--pod-name", p.name, "--http-port", Integer.toString(p.httpPort)));
    if (keyFile != null) {
      args.addAll(List.of("--cell-key-file", keyFile.toString()));
    }
    if (p.isDataplane()) {
      args.addAll(
          List.of(
              "--vxlan-port",
              Integer.toString(p.udpPort),
              "--decision-pods",
              String.join(",", decisionPeers)));
    } else {
      args.addAll(List.of("--udp-port", Integer.toString(p.udpPort)));
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      if (e.getValue() != null) {
        env.put(e.getName(), e.getValue());
      } else if (e.getValueFrom() != null
          && e.getValueFrom().getFieldRef() != null
          && "metadata.name".equals(e.getValueFrom().getFieldRef().getFieldPath())) {
        env.put(e.getName(), p.name);
      }
    }
    for (String dropped :
        List.of(
            "VTH_DECISION_SERVICE",
            "VTH_DECISION_PODS",
            "VTH_PEER_SERVICE",
            "VTH_CELL_KEY_FILE",
            "VTH_PEER_PORT",
            "VTH_HTTP_PORT",
            "VTH_UDP_PORT",
            "VTH_VXLAN_PORT",
            "JAVA_TOOL_OPTIONS")) {
      env.remove(dropped);
    }
    env.put("KUBECONFIG", kubeconfig.toString());
    Path jar = p.isDataplane() ? home.dataplaneJar() : home.decisionJar();
    List<String> cmd = new ArrayList<>();
    cmd.add(ChildProcesses.javaBin());
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    try {
      Files.writeString(
          p.log,
          "# " + Instant.now() + " " + String.join(" ", cmd) + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      p.process = ChildProcesses.start(cmd, env, p.log, home.root());
      p.startKey = startKey;
      p.ready = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start pod " + p.name, e);
    }
  }

  /** The value of option {@code --name} in the container's arguments, or null. */
  private static String argument(Container c, String name) {
    List<String> given = c.getArgs() == null ? List.of() : c.getArgs();
    for (int i = 0; i + 1 < given.size(); i++) {
      if (given.get(i).equals("--" + name)) {
        return given.get(i + 1);
      }
    }
    return null;
  }

  /**
   * The cell's key file as the pod would see it mounted: the Secret volume holding {@code path} in
   * the pod template, written under the log directory (owner-only) and rewritten when the Secret
   * changes, so a key rotation reaches local pods as it reaches mounted ones; null while the Secret
   * does not exist.
   */
  private Path cellKeyFile(Deployment d, String path) {
    var spec = d.getSpec().getTemplate().getSpec();
    for (var mount : spec.getContainers().get(0).getVolumeMounts()) {
      if (!path.startsWith(mount.getMountPath() + "/")) {
        continue;
      }
      String item = path.substring(mount.getMountPath().length() + 1);
      for (var volume : spec.getVolumes()) {
        if (volume.getName().equals(mount.getName()) && volume.getSecret() != null) {
          String ns = d.getMetadata().getNamespace();
          String name = volume.getSecret().getSecretName();
          var secret = client.secrets().inNamespace(ns).withName(name).get();
          if (secret == null || secret.getData() == null || !secret.getData().containsKey(item)) {
            return null;
          }
          Path file = logDir.resolve("keys").resolve(ns + "." + name + "." + item);
          byte[] content = java.util.Base64.getDecoder().decode(secret.getData().get(item));
          try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)
                || !java.util.Arrays.equals(Files.readAllBytes(file), content)) {
              Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
              Files.write(tmp, content);
              Files.setPosixFilePermissions(
                  tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
              Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cell key file " + file, e);
          }
          return file;
        }
      }
    }
    return null;
  }

  private boolean probe(LocalPod p) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://" + LOCAL_IP + ":" + p.httpPort + "/readyz"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void syncPodObject(LocalPod p, Deployment d) {
    if (p.podObjectExists && p.podObjectReady == p.ready) {
      return;
    }
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(p.name)
            .withNamespace(p.namespace)
            .withLabels(p.labels)
            .addToAnnotations("vth.io/local-http-port", Integer.toString(p.httpPort))
            .addToAnnotations(
                p.isDataplane() ? "vth.io/local-vxlan-port" : "vth.io/local-udp-port",
                Integer.toString(p.udpPort))
            .endMetadata()
            .withNewSpec()
            .withNodeName("local")
            .withContainers(c)
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .withPodIP(LOCAL_IP)
            .withHostIP(LOCAL_IP)
            .addNewCondition()
            .withType("Ready")
            .withStatus(p.ready ? "True" : "False")
            .endCondition()
            .endStatus()
            .build();
    Pod existing = client.pods().inNamespace(p.namespace).withName(p.name).get();
    if (existing == null) {
      client.resource(pod).create();
    } else {
      existing.setStatus(pod.getStatus());
      client.resource(existing).updateStatus();
    }
    p.podObjectExists = true;
    p.podObjectReady = p.ready;
  }

  private void syncDeploymentStatus(Deployment d, List<LocalPod> list) {
    int ready = (int) list.stream().filter(p -> p.ready).count();
    DeploymentStatus want =
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(list.size())
            .withUpdatedReplicas(list.size())
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUnavailableReplicas(list.size() - ready)
            .build();
    DeploymentStatus have = d.getStatus();
    if (have != null
        && Objects.equals(have.getReplicas(), want.getReplicas())
        && Objects.equals(have.getReadyReplicas(), want.getReadyReplicas())
        && Objects.equals(have.getAvailableReplicas(), want.getAvailableReplicas())) {
      return;
    }
    d.setStatus(want);
    client.resource(d).updateStatus();
  }

  private void stopPod(LocalPod p, String why) {
    ChildProcesses.stop(p.process, 5000);
    try {
      client.pods().inNamespace(p.namespace).withName(p.name).delete();
    } catch (KubernetesClientException e) {
      // the API server may be stopping
    }
    progress.accept("stopped pod " + p.name + " (" + why + ")");
  }

  private static boolean sameCell(Deployment a, Deployment b) {
    return a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
        && Objects.equals(label(a, CELL), label(b, CELL));
  }

  private static String key(Deployment d) {
    return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
  }

  private static String label(Deployment d, String key) {
    Map<String, String> l = d.getMetadata().getLabels();
    return l == null ? null : l.get(key);
  }

  private static String suffix() {
    String chars = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      sb.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
    }
    return sb.toString();
  }

  static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A short description of the pods for progress lines: ready / total per role. */
  synchronized String describe() {
    Map<String, long[]> counts = new LinkedHashMap<>();
    for (LocalPod p : pods()) {
      long[] c = counts.computeIfAbsent(p.role, r -> new long[2]);
      c[1]++;
      if (p.ready) {
        c[0]++;
      }
    }
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1] + " ready")
        .collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    loop.shutdownNow();
    List<LocalPod> all;
    synchronized (this) {
      all = pods();
      pods.clear();
    }
    // SIGTERM to all first, then wait: stopping is parallel
    for (LocalPod p : all) {
      if (p.process != null && p.process.isAlive()) {
        p.process.destroy();
      }
    }
    for (LocalPod p : all) {
      ChildProcesses.stop(p.process, 5000);
    }
  }
}
