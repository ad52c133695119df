package io.vth.operator.realapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vth.kubetest.KubeApiServer;
import io.vth.kubetest.KubeBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * system:masters}; {@code rbac} applies the ClusterRoles and bindings Quarkus Operator SDK
 * generated in {@code target/kubernetes/kubernetes.yml} and runs the operator with a client
 * certificate of their ServiceAccount, so it may do exactly what those rules grant.
 *
 * <p>The test reads {@code vth-test.admin-kubeconfig} (an admin kubeconfig) and {@code
 * vth-test.namespace} (a fresh namespace with a {@code default} ServiceAccount, which Pod admission
 * needs as no controller manager creates it).
 */
public class RealApiServerResource implements QuarkusTestResourceLifecycleManager {

  /** ServiceAccount the generated bindings name. */
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
    if (identity.equals("rbac")) {
      applyGeneratedRbac(admin, generatedManifests());
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

  /** Applies the ClusterRoles and (Cluster)RoleBindings of the operator's generated manifests. */
  private static void applyGeneratedRbac(KubernetesClient admin, Path manifests) {
    if (!Files.isRegularFile(manifests)) {
      throw new IllegalStateException(
          manifests + " is missing: the Quarkus build generates it (run the operator's build)");
    }
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(OPERATOR_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    List<HasMetadata> items;
    try (InputStream in = Files.newInputStream(manifests)) {
      items = admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int roles = 0;
    for (HasMetadata o : items) {
      if (o instanceof ClusterRole || o instanceof ClusterRoleBinding || o instanceof RoleBinding) {
        admin.resource(o).create();
        roles += o instanceof ClusterRole ? 1 : 0;
      }
    }
    if (roles == 0) {
      throw new IllegalStateException("no ClusterRole in " + manifests);
    }
  }

  /** The manifests (with the RBAC) Quarkus Operator SDK generates in the production build. */
  static Path generatedManifests() {
    return repoRoot().resolve("operator/target/kubernetes/kubernetes.yml");
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
