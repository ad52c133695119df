package io.vth.kubetest;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates and keys of a throw-away control plane, made in Java (BouncyCastle): one CA that
 * signs the API server's serving certificate and the client certificates, and the service-account
 * token signing key. Nothing here is meant to outlive a test run.
 */
public final class Pki {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final Duration VALIDITY = Duration.ofDays(2);

  /** A certificate with its private key. */
  public record Identity(X509Certificate certificate, KeyPair keyPair) {
    /** The certificate as PEM text. */
    public String certificatePem() {
      return pem(certificate);
    }

    /** The private key as PEM text (PKCS#1, {@code RSA PRIVATE KEY}). */
    public String privateKeyPem() {
      return pem(keyPair.getPrivate());
    }
  }

  private final Identity ca;

  private Pki(Identity ca) {
    this.ca = ca;
  }

  /** A new CA named {@code commonName}. */
  public static Pki newCa(String commonName) {
    KeyPair keys = rsa();
    X500Name name = name(commonName, List.of());
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              name,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              name,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new Pki(new Identity(sign(b, keys), keys));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a CA certificate", e);
    }
  }

  /** The CA's certificate and key. */
  public Identity ca() {
    return ca;
  }

  /** A TLS server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
  public Identity serverCertificate(String commonName, List<String> dnsNames, List<String> ips) {
    List<GeneralName> sans = new ArrayList<>();
    dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
    ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    return issue(name(commonName, List.of()), KeyPurposeId.id_kp_serverAuth, sans);
  }

  /** Like {@link #serverCertificate}, with an EC P-256 key. */
  public Identity serverCertificateEc(String commonName, List<String> dnsNames, List<String> ips) {
    List<GeneralName> sans = new ArrayList<>();
    dnsNames.forEach(d -> sans.add(new GeneralName(GeneralName.dNSName, d)));
    ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
    return issue(name(commonName, List.of()), KeyPurposeId.id_kp_serverAuth, sans, ec());
  }

  /**
   * A client certificate: Kubernetes takes the common name as the user name and each organization
   * as a group (so {@code system:masters} makes a cluster admin).
   */
  public Identity clientCertificate(String user, List<String> groups) {
    return issue(name(user, groups), KeyPurposeId.id_kp_clientAuth, List.of());
  }

  /**
   * Like {@link #clientCertificate}, but with an EC P-256 key: made in about a millisecond instead
   * of the tenths of a second of an RSA key, for the many components of a {@link KubeCluster} (Go
   * reads either kind; PEM {@code PRIVATE KEY}, PKCS#8).
   */
  public Identity componentCertificate(String user, List<String> groups) {
    return issue(name(user, groups), KeyPurposeId.id_kp_clientAuth, List.of(), ec());
  }

  private Identity issue(X500Name subject, KeyPurposeId purpose, List<GeneralName> sans) {
    return issue(subject, purpose, sans, rsa());
  }

  private Identity issue(
      X500Name subject, KeyPurposeId purpose, List<GeneralName> sans, KeyPair keys) {
    try {
      Instant now = Instant.now();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              ca.certificate(),
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              keys.getPublic());
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.certificate()));
      if (!sans.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.toArray(new GeneralName[0])));
      }
      return new Identity(sign(b, ca.keyPair()), keys);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  /** A fresh RSA key pair (2048 bits), for certificates and the service-account signing key. */
  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048, RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no RSA key generator", e);
    }
  }

  /** A fresh EC key pair on P-256. */
  static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC key generator", e);
    }
  }

  /**
   * PEM text of a certificate or key (RSA private keys in PKCS#1 form, EC private keys in PKCS#8
   * form with the named curve, which Go reads; BouncyCastle's SEC1 form of a JDK EC key spells the
   * curve out and Go rejects it).
   */
  public static String pem(Object o) {
    if (o instanceof java.security.PrivateKey k && k.getAlgorithm().equals("EC")) {
      return "-----BEGIN PRIVATE KEY-----\n"
          + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(k.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    }
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes PEM text to {@code file}, readable by the owner only. */
  public static Path write(Path file, String pem) {
    try {
      Files.writeString(file, pem, StandardCharsets.US_ASCII);
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X500Name name(String commonName, List<String> organizations) {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
    organizations.forEach(o -> b.addRDN(BCStyle.O, o));
    b.addRDN(BCStyle.CN, commonName);
    return b.build();
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
  }
}
