package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The control plane itself: version, RBAC, ServiceAccount identities, and cleanup. */
@WithKubeApiServer(crds = Vth.CRDS)
class KubeApiServerIT {
  private static final String ATTACHMENT =
      "{hubRef: {name: corp}, cidrs: [10.1.0.0/16], tunnel: {remote: 192.0.2.1}}";

  @Test
  void itIsARealKubeApiServerWithTheCelIpAndCidrLibrary(KubernetesClient client) {
    VersionInfo v = client.getKubernetesVersion();
    assertThat(v.getMajor()).isEqualTo("1");
    assertThat(Integer.parseInt(v.getMinor().replaceAll("\\D", ""))).isGreaterThanOrEqualTo(31);
    assertThat(v.getGitVersion()).startsWith("v1.");
    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("hubattachments.vth.io")
                .get())
        .isNotNull();
  }

  /**
   * Only get on hubattachments: the ServiceAccount can read one, but not create, list or delete.
   */
  @Test
  void rbacIsEnforcedForAServiceAccount(KubeApiServer server) {
    KubernetesClient admin = server.client();
    String ns = server.createNamespace("rbac");
    grantGetOnHubAttachments(admin, ns, "reader");
    GenericKubernetesResource existing =
        Vth.create(admin, ns, Vth.object("HubAttachment", ATTACHMENT));

    KubernetesClient reader = server.clientAsServiceAccount(ns, "reader");
    var attachments =
        reader.genericKubernetesResources(Vth.API_VERSION, "HubAttachment").inNamespace(ns);
    assertThat(attachments.withName(existing.getMetadata().getName()).get()).isNotNull();

    KubernetesClientException create =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> Vth.create(reader, ns, Vth.object("HubAttachment", ATTACHMENT)));
    assertThat(create).isNotNull();
    assertThat(create.getCode()).isEqualTo(403);
    assertThat(create.getMessage())
        .contains("system:serviceaccount:" + ns + ":reader")
        .contains("cannot create resource \"hubattachments\" in API group \"vth.io\"");

    KubernetesClientException list =
        catchThrowableOfType(KubernetesClientException.class, attachments::list);
    assertThat(list.getCode()).isEqualTo(403);
    KubernetesClientException delete =
        catchThrowableOfType(
            KubernetesClientException.class,
            () -> attachments.withName(existing.getMetadata().getName()).delete());
    assertThat(delete.getCode()).isEqualTo(403);

    // Another namespace: the Role does not reach it.
    String other = server.createNamespace("rbac-other");
    KubernetesClientException elsewhere =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                reader
                    .genericKubernetesResources(Vth.API_VERSION, "HubAttachment")
                    .inNamespace(other)
                    .withName("x")
                    .get());
    assertThat(elsewhere.getCode()).isEqualTo(403);
  }

  /** A real ServiceAccount token (TokenRequest, signed with the generated key) authenticates. */
  @Test
  void aServiceAccountTokenAuthenticatesAsThatServiceAccount(KubeApiServer server) {
    KubernetesClient admin = server.client();
    String ns = server.createNamespace("token");
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();
    grantGetOnHubAttachments(admin, ns, "reader");
    TokenRequest token =
        admin
            .serviceAccounts()
            .inNamespace(ns)
            .withName("reader")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(600L)
                    .endSpec()
                    .build());
    assertThat(token.getStatus().getToken()).isNotBlank();

    try (KubernetesClient sa =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(server.adminConfig())
                    .withClientCertData(null)
                    .withClientKeyData(null)
                    .withOauthToken(token.getStatus().getToken())
                    .build())
            .build()) {
      var attachments =
          sa.genericKubernetesResources(Vth.API_VERSION, "HubAttachment").inNamespace(ns);
      assertThat(attachments.withName("absent").get()).isNull(); // allowed: 404, not 403
      KubernetesClientException e =
          catchThrowableOfType(
              KubernetesClientException.class,
              () -> Vth.create(sa, ns, Vth.object("HubAttachment", ATTACHMENT)));
      assertThat(e.getCode()).isEqualTo(403);
      assertThat(e.getMessage()).contains("system:serviceaccount:" + ns + ":reader");
    }
  }

  /** close() stops both processes and deletes the folder. */
  @Test
  void closeStopsEverythingAndDeletesTheFolder() throws Exception {
    KubeApiServer second = KubeApiServer.start(KubeBinaries.locate());
    Path dir = second.directory();
    List<ProcessHandle> processes = pids(dir);
    assertThat(processes).hasSize(2).allMatch(ProcessHandle::isAlive);
    assertThat(second.client().namespaces().withName("default").get()).isNotNull();

    second.close();
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
    assertThat(dir).doesNotExist();
    second.close(); // twice is harmless
  }

  /** A JVM killed with SIGKILL leaves no process and no folder behind (the watchdog cleans up). */
  @Test
  void aKilledJvmLeavesNothingBehind() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ServerInChildJvm.class.getName())
            .redirectErrorStream(true)
            .start();
    Path dir = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith(ServerInChildJvm.READY)) {
          dir = Path.of(line.substring(ServerInChildJvm.READY.length()));
          break;
        }
      }
      assertThat(dir).as("the child JVM started a server").isNotNull();
      List<ProcessHandle> processes = pids(dir);
      assertThat(processes).hasSize(2).allMatch(ProcessHandle::isAlive);

      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      Path gone = dir;
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(processes).noneMatch(ProcessHandle::isAlive);
                assertThat(gone).doesNotExist();
              });
    } finally {
      child.destroyForcibly();
    }
  }

  private static List<ProcessHandle> pids(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve("pids")).stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> ProcessHandle.of(Long.parseLong(s)).orElseThrow())
        .toList();
  }

  static void grantGetOnHubAttachments(KubernetesClient admin, String ns, String serviceAccount) {
    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("hubattachment-get")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("vth.io")
                        .withResources("hubattachments")
                        .withVerbs("get")
                        .build())
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(serviceAccount + "-hubattachment-get")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "hubattachment-get")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(serviceAccount)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }
}
