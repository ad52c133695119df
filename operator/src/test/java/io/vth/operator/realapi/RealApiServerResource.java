package io.vth.operator.realapi;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vth.kubetest.KubeApiServer;
import io.vth.kubetest.KubeBinaries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a real kube-apiserver (and etcd) from the kube-test module before the operator starts,
 * installs the CRDs from {@code crds/generated}, and points the operator's Kubernetes client at it.
 *
 * <p>Init argument {@code identity}: {@code admin} (the default) runs the operator as {@code
 * system:masters}; {@code chart} renders the Helm chart {@code helm/vth} (real Helm through
 * helm-java, release {@code vth} in {@code vth-system}, default values), applies its
 * ServiceAccount, ClusterRoles, Roles and bindings, and runs the operator with a client certificate
 * of that ServiceAccount, so it may do exactly what the chart grants.
 *
 * <p>The test reads {@code vth-test.admin-kubeconfig} (an admin kubeconfig) and {@code
 * vth-test.namespace} (a fresh namespace with a {@code default} ServiceAccount, which Pod admission
 * needs as no controller manager creates it).
 */
public class RealApiServerResource implements QuarkusTestResourceLifecycleManager {

  /** Release namespace and ServiceAccount of the chart rendered as release {@code vth}. */
  static final String OPERATOR_NAMESPACE = "vth-system";

  static final String OPERATOR_ACCOUNT = "vth-operator";

  private String identity = "admin";
  private KubeApiServer server;

  @Override
  public void init(Map<String, String> initArgs) {
    identity = initArgs.getOrDefault("identity", "admin");
  }

  @Override
  public Map<String, String> start() {
    KubeBinaries.Found found = KubeBinaries.locate();
    if (found.binDir().isEmpty()) {
      // RealApiServerAvailable has skipped (or failed) the class already; never reached in
      // practice.
      throw new IllegalStateException("no kube-apiserver binaries: " + found.problem());
    }
    long t0 = System.nanoTime();
    server = KubeApiServer.start(found);
    Path repo = repoRoot();
    server.installCrds(repo.resolve("crds/generated"));
    KubernetesClient admin = server.client();
    String ns = server.createNamespace("op");
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("default").endMetadata().build())
        .create();

    Config operator;
    if (identity.equals("chart")) {
      applyChartRbac(admin);
      operator =
          server
              .clientWithCertificate(
                  "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + OPERATOR_ACCOUNT,
                  "system:serviceaccounts",
                  "system:serviceaccounts:" + OPERATOR_NAMESPACE,
                  "system:authenticated")
              .getConfiguration();
    } else {
      operator = server.adminConfig();
    }
    System.out.printf(
        "[real-api-server] %s at %s ready with CRDs in %d ms (operator identity: %s)%n",
        server.version(), server.url(), (System.nanoTime() - t0) / 1_000_000, identity);

    Map<String, String> config = new HashMap<>();
    config.put("quarkus.kubernetes-client.api-server-url", server.url());
    // Files rather than data: Quarkus logs these values (they are build-time-fixed properties).
    config.put(
        "quarkus.kubernetes-client.ca-cert-file", pemFile("ca.pem", operator.getCaCertData()));
    config.put(
        "quarkus.kubernetes-client.client-cert-file",
        pemFile("operator.crt", operator.getClientCertData()));
    config.put(
        "quarkus.kubernetes-client.client-key-file",
        pemFile("operator.key", operator.getClientKeyData()));
    config.put("quarkus.kubernetes-client.client-key-algo", "RSA");
    config.put("quarkus.kubernetes-client.trust-certs", "false");
    config.put("quarkus.kubernetes-client.namespace", ns);
    config.put("quarkus.kubernetes-client.devservices.enabled", "false");
    config.put("vth-test.admin-kubeconfig", server.adminKubeconfig().toString());
    config.put("vth-test.namespace", ns);
    return config;
  }

  /** Writes base64 {@code data} decoded into the server's folder (deleted with it). */
  private String pemFile(String name, String data) {
    Path file = server.directory().resolve("operator-client").resolve(name);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toString();
  }

  /**
   * Renders the chart with Helm and applies what gives the operator its identity and permissions:
   * the ServiceAccount, ClusterRoles, Roles, ClusterRoleBindings and RoleBindings (nothing else: no
   * controller manager runs the Deployment here).
   */
  private static void applyChartRbac(KubernetesClient admin) {
    Path chart = repoRoot().resolve("helm/vth");
    if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
      throw new IllegalStateException(chart + " is missing: the Helm chart of the operator");
    }
    String rendered =
        new Helm(chart)
            .template()
            .withName("vth")
            .withNamespace(OPERATOR_NAMESPACE)
            // The version of the API server the tests build (the chart requires 1.31 or newer).
            .withKubeVersion("1.37.2")
            .call();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(OPERATOR_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    List<HasMetadata> items =
        admin.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8))).items();
    boolean account = false;
    boolean bound = false;
    for (HasMetadata o : items) {
      if (o instanceof ServiceAccount sa) {
        account |= sa.getMetadata().getName().equals(OPERATOR_ACCOUNT);
        admin.resource(o).create();
      } else if (o instanceof ClusterRole || o instanceof Role) {
        admin.resource(o).create();
      } else if (o instanceof ClusterRoleBinding b) {
        bound |= namesOperator(b.getSubjects());
        admin.resource(o).create();
      } else if (o instanceof RoleBinding b) {
        bound |= namesOperator(b.getSubjects());
        admin.resource(o).create();
      }
    }
    if (!account || !bound) {
      throw new IllegalStateException(
          "the chart rendered as release vth has no ServiceAccount "
              + OPERATOR_NAMESPACE
              + "/"
              + OPERATOR_ACCOUNT
              + " bound to a role:\n"
              + rendered);
    }
  }

  private static boolean namesOperator(List<Subject> subjects) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    OPERATOR_ACCOUNT.equals(s.getName())
                        && OPERATOR_NAMESPACE.equals(s.getNamespace()));
  }

  static Path repoRoot() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path q = p; q != null; q = q.getParent()) {
      if (Files.isDirectory(q.resolve("crds/generated"))
          && Files.isDirectory(q.resolve("operator"))) {
        return q;
      }
    }
    throw new IllegalStateException("cannot find the repository root above " + p);
  }

  @Override
  public void stop() {
    Optional.ofNullable(server).ifPresent(KubeApiServer::close);
  }
}
