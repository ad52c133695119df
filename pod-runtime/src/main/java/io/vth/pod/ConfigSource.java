package io.vth.pod;

/** Where a pod's decision config comes from: a file, or a Kubernetes ConfigMap. */
public interface ConfigSource extends AutoCloseable {

  /** Starts delivering valid documents to {@code holder}, the current one first. */
  void start(ConfigHolder holder);

  /** A description for logs and readiness messages. */
  String describe();

  /** Stops watching. */
  @Override
  void close();
}
