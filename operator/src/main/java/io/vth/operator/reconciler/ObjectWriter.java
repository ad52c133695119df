package io.vth.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vth.operator.model.ObjectNames;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;

/**
 * Writes desired objects: creates them, or replaces them only when what the operator wants changed.
 * A hash of the desired object in an annotation tells, so fields the API server defaults never
 * cause a write.
 */
@ApplicationScoped
public class ObjectWriter {

  /** Annotation holding the hash of the desired object last written. */
  public static final String DESIRED_HASH = "vth.io/desired-hash";

  private final KubernetesClient client;

  ObjectWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Creates or updates {@code desired}; returns whether anything was written. */
  public <T extends HasMetadata> boolean apply(T desired) {
    String hash = ObjectNames.sha256(Serialization.asJson(desired)).substring(0, 16);
    if (desired.getMetadata().getAnnotations() == null) {
      desired.getMetadata().setAnnotations(new HashMap<>());
    }
    desired.getMetadata().getAnnotations().put(DESIRED_HASH, hash);
    T current = client.resource(desired).get();
    if (current == null) {
      client.resource(desired).create();
      return true;
    }
    var annotations = current.getMetadata().getAnnotations();
    if (annotations != null && hash.equals(annotations.get(DESIRED_HASH))) {
      return false;
    }
    desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
    if (desired instanceof Service s && current instanceof Service c && c.getSpec() != null) {
      s.getSpec().setClusterIP(c.getSpec().getClusterIP());
      s.getSpec().setClusterIPs(c.getSpec().getClusterIPs());
    }
    client.resource(desired).update();
    return true;
  }

  /** Deletes {@code object} when it exists. */
  public void delete(HasMetadata object) {
    client.resource(object).delete();
  }
}
