package io.vth.kubetest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real multi-node cluster on this machine ({@link KubeCluster}),
 * started once per test JVM for each node count and shared by every class that asks for it (use a
 * namespace of your own: {@link KubeCluster#createNamespace(String)}). Test methods, constructors
 * and lifecycle methods may take a {@link KubeCluster}, a {@link KubeApiServer} or a Fabric8 {@code
 * KubernetesClient} (the admin client) parameter.
 *
 * <p>When this machine cannot run one (not root, no containerd/runc/CNI plugins, no Kubernetes
 * binaries that can be built), the class is skipped with the reason, or fails when {@code
 * VTH_E2E_REQUIRED=1} (as in CI). A cluster that does not start is always a failure.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubeClusterExtension.class)
public @interface WithKubeCluster {
  /** How many nodes (1 to 9), in zones {@code zone-a}, {@code zone-b}, ... */
  int nodes() default 2;

  /**
   * Folders, relative to the repository root, whose CRD YAML files are installed before the class
   * runs, such as {@code "crds/generated"}.
   */
  String[] crds() default {};

  /**
   * OCI (or docker) image archives, relative to the repository root, imported into every node
   * before the class runs; their names must be fully qualified.
   */
  String[] images() default {};
}
