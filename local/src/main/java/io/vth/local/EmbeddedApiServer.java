package io.vth.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * An embedded Kubernetes API on loopback: the Fabric8 mock server in CRUD mode, plain HTTP, with a
 * kubeconfig written for it.
 *
 * <p>The mock server does not implement server-side apply, which the operator uses. This one
 * accepts an apply patch as an approximation: a create when the object does not exist, else a JSON
 * merge patch of the sent fields (fields a manager stops sending are not removed, and there is no
 * field ownership or conflict detection).
 */
final class EmbeddedApiServer implements AutoCloseable {

  /** Held so that its level stays set: the mock server logs every request otherwise. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KubernetesMockServer server;
  private final String url;

  private EmbeddedApiServer(KubernetesMockServer server) {
    this.server = server;
    this.url = "http://127.0.0.1:" + server.getPort();
  }

  /** Starts a server on a free loopback port. */
  static EmbeddedApiServer start() throws IOException {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new ApplyingCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    return new EmbeddedApiServer(server);
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:40123}. */
  String url() {
    return url;
  }

  /** A client of this server. */
  KubernetesClient client() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withTrustCerts(true)
        .withNamespace("default")
        .withRequestTimeout(30_000)
        .build();
  }

  /** Writes a kubeconfig pointing at this server to {@code file}. */
  Path writeKubeconfig(Path file) throws IOException {
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: vth-local",
            "  cluster:",
            "    server: " + url,
            "users:",
            "- name: vth-local",
            "  user:",
            "    token: vth-local",
            "contexts:",
            "- name: vth-local",
            "  context:",
            "    cluster: vth-local",
            "    user: vth-local",
            "    namespace: default",
            "current-context: vth-local",
            "");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  @Override
  public void close() {
    server.destroy();
  }

  /** The CRUD dispatcher with server-side apply approximated (see the class comment). */
  static final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {

    ApplyingCrudDispatcher() {
      super(List.of());
    }

    /** Access reviews: the embedded API has no authorization, so everything is allowed. */
    @Override
    public MockResponse handleCreate(RecordedRequest request) {
      String path = request.getPath();
      if (path.contains("/apis/authorization.k8s.io/") && path.contains("reviews")) {
        return new MockResponse().setResponseCode(201).setBody(allowed(request.getUtf8Body()));
      }
      return super.handleCreate(request);
    }

    private static String allowed(String body) {
      try {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(body);
        var status = node.putObject("status");
        if ("SelfSubjectRulesReview".equals(node.path("kind").asText())) {
          var rule = status.putArray("resourceRules").addObject();
          rule.putArray("verbs").add("*");
          rule.putArray("apiGroups").add("*");
          rule.putArray("resources").add("*");
          status.putArray("nonResourceRules");
          status.put("incomplete", false);
        } else {
          status.put("allowed", true);
        }
        if (!node.has("metadata")) {
          node.putObject("metadata");
        }
        return mapper.writeValueAsString(node);
      } catch (java.io.IOException | ClassCastException e) {
        return "{\"status\":{\"allowed\":true}}";
      }
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      String type = request.getHeader("Content-Type");
      if (type == null || !type.contains("apply-patch")) {
        return super.handlePatch(request);
      }
      String path = request.getPath();
      int q = path.indexOf('?');
      String bare = q < 0 ? path : path.substring(0, q);
      boolean status = bare.endsWith("/status");
      String object = status ? bare.substring(0, bare.length() - "/status".length()) : bare;
      MockResponse existing = handleGet(object);
      if (existing.code() == 404 && !status) {
        String collection = bare.substring(0, bare.lastIndexOf('/'));
        return handleCreate(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.POST,
                collection,
                withType(request.getHeaders(), "application/json"),
                request.getBody()));
      }
      if (existing.code() != 200) {
        return existing;
      }
      try {
        ObjectNode current = (ObjectNode) MAPPER.readTree(existing.getBody().getBytes());
        ObjectNode sent = (ObjectNode) MAPPER.readTree(request.getBody().getBytes());
        if (status) {
          // the status subresource: only status changes
          if (sent.has("status")) {
            current.set("status", merge(current.get("status"), sent.get("status")));
          }
        } else {
          sent.remove("status");
          if (sent.get("metadata") instanceof ObjectNode m) {
            m.remove("resourceVersion");
            m.remove("managedFields");
          }
          merge(current, sent);
        }
        return handleUpdate(
            new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.PUT,
                bare,
                withType(request.getHeaders(), "application/json"),
                new io.fabric8.mockwebserver.http.Buffer(MAPPER.writeValueAsBytes(current))));
      } catch (IOException | ClassCastException e) {
        return new MockResponse()
            .setResponseCode(400)
            .setBody(
                "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"bad apply patch: \"}");
      }
    }

    /** RFC 7386 JSON merge patch of {@code patch} into {@code target}; returns the result. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
      if (!(patch instanceof ObjectNode p)) {
        return patch;
      }
      ObjectNode t = target instanceof ObjectNode o ? o : MAPPER.createObjectNode();
      var fields = p.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        if (e.getValue().isNull()) {
          t.remove(e.getKey());
        } else {
          t.set(e.getKey(), merge(t.get(e.getKey()), e.getValue()));
        }
      }
      return t;
    }

    private static Headers withType(Headers headers, String type) {
      return headers.newBuilder().set("Content-Type", type).build();
    }
  }
}
