package io.vth.kubetest;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
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

/**
 * The extension behind {@link WithKubeCluster}: one cluster per node count per JVM, skipped (or,
 * with {@code VTH_E2E_REQUIRED=1}, failed) when the machine cannot run one.
 */
public final class KubeClusterExtension
    implements ExecutionCondition, BeforeAllCallback, ParameterResolver {
  private static final System.Logger LOG = System.getLogger(KubeClusterExtension.class.getName());

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(KubeClusterExtension.class);

  /** What the shared store holds per node count: the cluster, or why there is none. */
  record Shared(KubeCluster cluster, String unavailable, RuntimeException failed)
      implements AutoCloseable {
    @Override
    public void close() {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String problem = unavailableReason();
    if (problem == null) {
      return ConditionEvaluationResult.enabled("this machine can run a cluster");
    }
    RuntimeException e = unavailable(problem, required(context));
    if (e instanceof TestAbortedException) {
      LOG.log(System.Logger.Level.INFO, e.getMessage());
      return ConditionEvaluationResult.disabled(e.getMessage());
    }
    throw e;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KubeCluster cluster = cluster(context);
    Optional<WithKubeCluster> a = annotation(context);
    if (a.isEmpty()) {
      return;
    }
    Path repo =
        KubeBinaries.repoRoot(Path.of(System.getProperty("user.dir")))
            .orElseThrow(() -> new IllegalStateException("cannot find the repository root"));
    for (String folder : a.get().crds()) {
      cluster.apiServer().installCrds(repo.resolve(folder));
    }
    for (String image : a.get().images()) {
      cluster.loadImage(repo.resolve(image));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == KubeCluster.class
        || type == KubeApiServer.class
        || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e)
      throws ParameterResolutionException {
    KubeCluster cluster = cluster(e);
    Class<?> type = p.getParameter().getType();
    if (type == KubeCluster.class) {
      return cluster;
    }
    return type == KubeApiServer.class ? cluster.apiServer() : cluster.client();
  }

  /** The JVM-wide cluster with the class's node count, started on first use. */
  static KubeCluster cluster(ExtensionContext context) {
    int nodes = annotation(context).map(WithKubeCluster::nodes).orElse(2);
    Shared shared =
        context
            .getRoot()
            .getStore(NS)
            .getOrComputeIfAbsent("nodes-" + nodes, k -> startShared(nodes), Shared.class);
    if (shared.cluster() != null) {
      return shared.cluster();
    }
    if (shared.failed() != null) {
      throw new IllegalStateException(
          "the shared " + nodes + "-node cluster did not start: " + shared.failed().getMessage(),
          shared.failed());
    }
    throw unavailable(shared.unavailable(), required(context));
  }

  private static Optional<WithKubeCluster> annotation(ExtensionContext context) {
    return context
        .getTestClass()
        .flatMap(c -> AnnotationSupport.findAnnotation(c, WithKubeCluster.class));
  }

  /** Why no cluster can run here (host, binaries, images), or null. */
  private static synchronized String unavailableReason() {
    String host = KubeCluster.hostProblem();
    if (host != null) {
      return host;
    }
    KubeBinaries.Found binaries = KubeBinaries.locateAll();
    if (binaries.binDir().isEmpty()) {
      return binaries.problem();
    }
    TestImages.Found images = TestImages.locate();
    if (!images.present()) {
      return images.problem();
    }
    return ClusterDns.locate().problem();
  }

  private static Shared startShared(int nodes) {
    String problem = unavailableReason();
    if (problem != null) {
      return new Shared(null, problem, null);
    }
    try {
      return new Shared(
          KubeCluster.start(KubeBinaries.locateAll(), TestImages.locate(), nodes), null, null);
    } catch (RuntimeException e) {
      return new Shared(null, null, e);
    }
  }

  private static boolean required(ExtensionContext context) {
    return KubeApiServerExtension.isRequired(
        context.getConfigurationParameter(KubeApiServerExtension.REQUIRED_PARAMETER),
        System.getenv(KubeApiServerExtension.REQUIRED_ENV));
  }

  /** The exception that skips (or, when required, fails) a test that needs a cluster. */
  static RuntimeException unavailable(String reason, boolean required) {
    if (required) {
      return new IllegalStateException(
          "vth cluster test cannot run and "
              + KubeApiServerExtension.REQUIRED_ENV
              + "=1 forbids skipping it: "
              + reason);
    }
    return new TestAbortedException(
        "vth cluster test skipped: "
            + reason
            + " ("
            + KubeApiServerExtension.REQUIRED_ENV
            + "=1 turns this skip into a failure)");
  }
}
