package io.vth.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records Kubernetes Events about vth objects; best effort, a failure is only logged. */
@ApplicationScoped
public class EventRecorder {

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** A Normal event on {@code object}. */
  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  /** A Warning event on {@code object}. */
  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String ns = object.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      object.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 8))
                  .withNamespace(ns)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(object.getApiVersion())
                  .withKind(object.getKind())
                  .withName(object.getMetadata().getName())
                  .withNamespace(ns)
                  .withUid(object.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("vth-operator")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "could not record event %s on %s/%s: %s",
          reason, ns, object.getMetadata().getName(), e.getMessage());
    }
  }
}
