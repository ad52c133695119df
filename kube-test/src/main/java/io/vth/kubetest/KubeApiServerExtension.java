package io.vth.kubetest;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/** The extension behind {@link WithKubeApiServer}. */
public final class KubeApiServerExtension
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
  private static final System.Logger LOG = System.getLogger(KubeApiServerExtension.class.getName());

  /** Set to {@code 1} to turn a missing kube-apiserver into a test failure (CI sets it). */
  public static final String REQUIRED_ENV = "VTH_E2E_REQUIRED";

  /** JUnit configuration parameter / system property overriding {@link #REQUIRED_ENV}. */
  public static final String REQUIRED_PARAMETER = "vth.e2e.required";

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KubeApiServerExtension.class);

  /** What the shared store holds: the server, or why there is none. */
  record Shared(KubeApiServer server, String unavailable, RuntimeException failed)
      implements AutoCloseable {
    @Override
    public void close() {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * Disables the class (reported as skipped, with the reason) when there are no binaries, or throws
   * when {@code VTH_E2E_REQUIRED=1}. A server that failed to start is left to {@link #beforeAll} to
   * report as a failure.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Shared shared = shared(context);
    if (shared.unavailable() == null) {
      return ConditionEvaluationResult.enabled("a kube-apiserver is available");
    }
    RuntimeException e = unavailable(shared.unavailable(), required(context));
    if (e instanceof TestAbortedException) {
      LOG.log(System.Logger.Level.INFO, e.getMessage());
      return ConditionEvaluationResult.disabled(e.getMessage());
    }
    throw e;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KubeApiServer server = server(context);
    Optional<WithKubeApiServer> a =
        context
            .getTestClass()
            .flatMap(c -> AnnotationSupport.findAnnotation(c, WithKubeApiServer.class));
    if (a.isPresent() && a.get().crds().length > 0) {
      Path repo =
          KubeBinaries.repoRoot(Path.of(System.getProperty("user.dir")))
              .orElseThrow(() -> new IllegalStateException("cannot find the repository root"));
      for (String folder : a.get().crds()) {
        server.installCrds(repo.resolve(folder));
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == KubeApiServer.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e)
      throws ParameterResolutionException {
    KubeApiServer server = server(e);
    return p.getParameter().getType() == KubeApiServer.class ? server : server.client();
  }

  /** The JVM-wide server, started on first use; skips or fails the caller when there is none. */
  static KubeApiServer server(ExtensionContext context) {
    Shared shared = shared(context);
    if (shared.server() != null) {
      return shared.server();
    }
    if (shared.failed() != null) {
      throw new IllegalStateException(
          "the shared kube-apiserver did not start: " + shared.failed().getMessage(),
          shared.failed());
    }
    throw unavailable(shared.unavailable(), required(context));
  }

  private static Shared shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NS)
        .computeIfAbsent(Shared.class, k -> startShared(), Shared.class);
  }

  private static boolean required(ExtensionContext context) {
    return isRequired(
        context.getConfigurationParameter(REQUIRED_PARAMETER), System.getenv(REQUIRED_ENV));
  }

  private static Shared startShared() {
    KubeBinaries.Found found = KubeBinaries.locate();
    if (found.binDir().isEmpty()) {
      return new Shared(null, found.problem(), null);
    }
    // A server that does not start although its binaries exist is a failure, never a skip; it is
    // remembered so that the next test classes fail at once instead of trying again.
    try {
      return new Shared(KubeApiServer.start(found), null, null);
    } catch (RuntimeException e) {
      return new Shared(null, null, e);
    }
  }

  /** The exception that skips (or, when required, fails) a test that needs a kube-apiserver. */
  static RuntimeException unavailable(String reason, boolean required) {
    if (required) {
      return new IllegalStateException(
          "vth kube-apiserver test cannot run and "
              + REQUIRED_ENV
              + "=1 forbids skipping it: "
              + reason);
    }
    return new TestAbortedException(
        "vth kube-apiserver test skipped: "
            + reason
            + " ("
            + REQUIRED_ENV
            + "=1 turns this skip into a failure)");
  }

  static boolean isRequired(Optional<String> parameter, String env) {
    String v = parameter.filter(s -> !s.isBlank()).orElse(env);
    if (v == null) {
      return false;
    }
    v = v.strip().toLowerCase(Locale.ROOT);
    return v.equals("1") || v.equals("true");
  }
}
