package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class PkiTest {
  private final Pki pki = Pki.newCa("test-ca");

  @Test
  void serverCertificateIsSignedByTheCaAndNamesLoopback() throws Exception {
    Pki.Identity server = pki.serverCertificate("srv", List.of("localhost"), List.of("127.0.0.1"));
    server.certificate().verify(pki.ca().certificate().getPublicKey());
    assertThat(server.certificate().getSubjectAlternativeNames())
        .extracting(san -> (Object) san.get(1))
        .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1");
    assertThat(server.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    assertThat(pki.ca().certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void clientCertificateCarriesUserAsCommonNameAndGroupsAsOrganizations() throws Exception {
    Pki.Identity admin = pki.clientCertificate("vth-admin", List.of("system:masters"));
    admin.certificate().verify(pki.ca().certificate().getPublicKey());
    String dn = admin.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253);
    assertThat(dn).contains("CN=vth-admin").contains("O=system:masters");
    assertThat(admin.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
    assertThat(admin.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(admin.privateKeyPem()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  void componentCertificateHasAnEcKeyAndTheSameSubjectRules() throws Exception {
    Pki.Identity node = pki.componentCertificate("system:node:node-a", List.of("system:nodes"));
    node.certificate().verify(pki.ca().certificate().getPublicKey());
    String dn = node.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253);
    assertThat(dn).contains("CN=system:node:node-a").contains("O=system:nodes");
    assertThat(node.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(node.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
  }
}
