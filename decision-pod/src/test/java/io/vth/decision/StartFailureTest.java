package io.vth.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision pod that may not read its ConfigMap (as on a cluster whose RBAC grants its account
 * nothing) ends its process with status 1 and says why, so the kubelet restarts it and shows the
 * reason, instead of a process that runs on, serves nothing and is never ready.
 */
class StartFailureTest {

  @Test
  void aForbiddenConfigMapEndsTheProcessWithTheReason(@TempDir Path dir) throws Exception {
    HttpServer api =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] forbidden =
        ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                + "\"configmaps \\\"corp-decision-config\\\" is forbidden: User"
                + " \\\"system:serviceaccount:net:default\\\" cannot list resource"
                + " \\\"configmaps\\\"\",\"reason\":\"Forbidden\",\"code\":403}")
            .getBytes(StandardCharsets.UTF_8);
    api.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(403, forbidden.length);
          exchange.getResponseBody().write(forbidden);
          exchange.close();
        });
    api.start();
    try {
      Path kubeconfig = dir.resolve("kubeconfig");
      Files.writeString(
          kubeconfig,
          "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:"
              + api.getAddress().getPort()
              + "\ncontexts:\n- name: c\n  context: {cluster: c, user: u, namespace: net}\n"
              + "current-context: c\nusers:\n- name: u\n  user: {token: t}\n");
      Path log = dir.resolve("pod.log");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  DecisionPodMain.class.getName(),
                  "--configmap",
                  "net/corp-decision-config",
                  "--cell",
                  "corp",
                  "--udp-port",
                  "0",
                  "--http-port",
                  "0",
                  "--bind",
                  "127.0.0.1")
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("KUBECONFIG", kubeconfig.toString());
      pb.environment().remove("KUBERNETES_SERVICE_HOST");
      Process pod = pb.start();
      boolean exited = pod.waitFor(90, TimeUnit.SECONDS);
      if (!exited) {
        pod.destroyForcibly();
      }
      String output = Files.readString(log);
      assertThat(exited).as("the pod exits; its output:%n%s", output).isTrue();
      assertThat(pod.exitValue()).isEqualTo(1);
      assertThat(output).contains("cannot start").contains("forbidden");
    } finally {
      api.stop(0);
    }
  }
}
