package io.vth.kubetest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Writes kubeconfig files with embedded certificates, for the admin and each cluster component. */
final class Kubeconfig {
  private Kubeconfig() {}

  /**
   * Writes a kubeconfig for {@code identity} (a client certificate whose common name is {@code
   * user}) against the API server at {@code url} trusting {@code caPem}; returns {@code file}.
   */
  static Path write(Path file, String url, String caPem, String user, Pki.Identity identity) {
    String yaml =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: vth-kube-test\n"
            + "  cluster:\n"
            + "    server: "
            + url
            + "\n"
            + "    certificate-authority-data: "
            + b64(caPem)
            + "\n"
            + "users:\n"
            + "- name: "
            + user
            + "\n"
            + "  user:\n"
            + "    client-certificate-data: "
            + b64(identity.certificatePem())
            + "\n"
            + "    client-key-data: "
            + b64(identity.privateKeyPem())
            + "\n"
            + "contexts:\n"
            + "- name: vth-kube-test\n"
            + "  context: {cluster: vth-kube-test, user: \""
            + user
            + "\"}\n"
            + "current-context: vth-kube-test\n";
    return Pki.write(file, yaml);
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
