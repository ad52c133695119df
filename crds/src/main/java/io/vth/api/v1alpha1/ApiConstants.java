package io.vth.api.v1alpha1;

/** Names shared by the API types, the operator and the tests: group, version, patterns, bounds. */
public final class ApiConstants {

  /** The API group of every vth resource. */
  public static final String GROUP = "vth.io";

  /** The API version of these types. */
  public static final String VERSION = "v1alpha1";

  /** The category that {@code kubectl get vth-all}-style listings use. */
  public static final String CATEGORY = "vth";

  /** One IPv4 address in dotted-quad form. */
  public static final String IPV4 =
      "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}";

  /** One IPv6 address, loosely (hex groups and colons, optionally an embedded IPv4 tail). */
  public static final String IPV6 = "[0-9a-fA-F]{0,4}(:[0-9a-fA-F]{0,4}){1,7}(:" + IPV4 + ")?";

  /** An IPv4 or IPv6 address. */
  public static final String IP_PATTERN = "^(" + IPV4 + "|" + IPV6 + ")$";

  /** An IPv4 or IPv6 prefix in CIDR notation (canonical form is checked by the operator). */
  public static final String CIDR_PATTERN =
      "^(" + IPV4 + "/(3[0-2]|[12]?[0-9])|" + IPV6 + "/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$";

  /** An IPv4 on-link address with its prefix length, such as {@code 169.254.10.1/30}. */
  public static final String IPV4_INTERFACE_PATTERN = "^" + IPV4 + "/(3[0-2]|[12]?[0-9])$";

  /** A Kubernetes object name (RFC 1123 subdomain). */
  public static final String NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** A Kubernetes namespace or label-style name (RFC 1123 label). */
  public static final String LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** A reference {@code namespace/name}, or {@code name} for the referring object's namespace. */
  public static final String NAMESPACED_NAME_PATTERN =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?/)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** A DNS domain name without the trailing dot. */
  public static final String DOMAIN_PATTERN =
      "^([A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9])?$";

  /** Longest Kubernetes object name. */
  public static final int MAX_NAME = 253;

  /** Longest namespace or label value. */
  public static final int MAX_LABEL = 63;

  /** Longest {@code namespace/name} reference. */
  public static final int MAX_REF = 317;

  /** Longest CIDR or address string (an IPv6 prefix with an IPv4 tail). */
  public static final int MAX_CIDR = 49;

  /** Longest DNS name. */
  public static final int MAX_DOMAIN = 253;

  /** Longest human-readable message. */
  public static final int MAX_MESSAGE = 32768;

  /** Most prefixes a network may list. */
  public static final int MAX_CIDRS = 64;

  /** Most entries in a list of names or references. */
  public static final int MAX_REFS = 1024;

  /** Most routes in a status or static route list. */
  public static final int MAX_ROUTES = 10000;

  /** Most conditions on one object. */
  public static final int MAX_CONDITIONS = 16;

  // Kubernetes CEL IP/CIDR library (kube-apiserver 1.31 and newer): the server checks addresses and
  // prefixes semantically, beyond what the patterns above can say.

  /** CEL: a canonical CIDR, its host bits zero ({@code 10.0.0.0/8}, not {@code 10.0.0.1/8}). */
  public static final String CEL_CANONICAL_CIDR =
      "isCIDR(self) && cidr(self) == cidr(self).masked()";

  /** CEL: every element of a list of strings is a canonical CIDR. */
  public static final String CEL_CANONICAL_CIDRS =
      "self.all(c, isCIDR(c) && cidr(c) == cidr(c).masked())";

  /** CEL: an IPv4 or IPv6 address (no zone, no IPv4-mapped IPv6 form). */
  public static final String CEL_IP = "isIP(self)";

  /** CEL: every element of a list of strings is an IPv4 or IPv6 address. */
  public static final String CEL_IPS = "self.all(a, isIP(a))";

  private ApiConstants() {}
}
