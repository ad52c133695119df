package io.vth.pod;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** The start-up steps both pods share: identity, config source and the options naming them. */
public final class PodLauncher {

  private PodLauncher() {}

  /**
   * The pod's identity from {@code --cell} and {@code --pod-name} (or the environment, or the host
   * name, which is the pod name in Kubernetes).
   */
  public static PodIdentity identity(PodOptions options) {
    String cell = options.get("cell", "default");
    String pod = options.get("pod-name").orElseGet(PodLauncher::hostName);
    return PodIdentity.of(cell, pod);
  }

  /**
   * The config source named by {@code --config-file PATH} or {@code --configmap NAMESPACE/NAME}.
   *
   * @throws IllegalArgumentException when neither or both are given, or the ConfigMap reference is
   *     not of the form namespace/name
   */
  public static ConfigSource configSource(PodOptions options, Vertx vertx, PodMetrics metrics) {
    boolean file = options.has("config-file");
    boolean configMap = options.has("configmap");
    if (file == configMap) {
      throw new IllegalArgumentException(
          "give exactly one of --config-file PATH or --configmap NAMESPACE/NAME");
    }
    if (file) {
      return new FileConfigSource(
          vertx, Path.of(options.get("config-file", "")), 200, metrics.registry());
    }
    String ref = options.get("configmap", "");
    int slash = ref.indexOf('/');
    if (slash <= 0 || slash == ref.length() - 1) {
      throw new IllegalArgumentException(
          "--configmap: \"" + ref + "\" is not of the form namespace/name");
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    return new ConfigMapConfigSource(
        client, ref.substring(0, slash), ref.substring(slash + 1), metrics.registry(), true);
  }

  /** Starts a pod; see {@link #startOrExit}. */
  @FunctionalInterface
  public interface Starter<P> {
    /** Builds and starts the pod. */
    P start() throws Exception;
  }

  /**
   * Starts a pod, or ends the process with status 1 when it cannot start (a port in use, a
   * ConfigMap it may not read, bad options): threads already started would otherwise keep a process
   * alive that serves nothing and is never ready, where the kubelet should restart it and show why.
   */
  public static <P> P startOrExit(Starter<P> starter, org.slf4j.Logger log) {
    try {
      return starter.start();
    } catch (Exception | LinkageError e) {
      log.error("cannot start: {}", e.toString(), e);
      System.exit(1);
      throw new IllegalStateException("unreachable", e);
    }
  }

  /** Blocks until the process is asked to stop (SIGTERM, Ctrl-C), then closes {@code pod}. */
  public static void runUntilStopped(AutoCloseable pod, org.slf4j.Logger log)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("stopping");
                  try {
                    pod.close();
                  } catch (Exception e) {
                    log.warn("error while stopping", e);
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "pod-" + ProcessHandle.current().pid();
    }
  }
}
