package io.vth.kubetest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real kube-apiserver and etcd on loopback ({@link KubeApiServer}),
 * started once per test JVM and shared by every class that asks for it (use a namespace of your
 * own: {@link KubeApiServer#createNamespace(String)}). Test methods, constructors and lifecycle
 * methods may take a {@link KubeApiServer} or a Fabric8 {@code KubernetesClient} (the admin client)
 * parameter.
 *
 * <p>When the binaries are missing, the extension builds them with {@code test-infra/build-k8s.sh}
 * (a cold build takes minutes). When they cannot be had, the class is skipped with the reason, or
 * fails when {@code VTH_E2E_REQUIRED=1} (as in CI).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KubeApiServerExtension.class)
public @interface WithKubeApiServer {
  /**
   * Folders, relative to the repository root (the folder holding {@code test-infra/}), whose CRD
   * YAML files are installed before the class runs, such as {@code "crds/generated"}.
   */
  String[] crds() default {};
}
