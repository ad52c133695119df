package io.vth.e2e.lab;

/**
 * An {@code iperf3 -s} running in a namespace, listening on {@link #port()}; started by {@link
 * NetnsLab#iperf3Server}. Closing it (or the lab) stops it.
 */
public final class IperfServer implements AutoCloseable {
  private final String namespace;
  private final int port;
  private final BackgroundProcess process;

  IperfServer(String namespace, int port, BackgroundProcess process) {
    this.namespace = namespace;
    this.port = port;
    this.process = process;
  }

  public String namespace() {
    return namespace;
  }

  public int port() {
    return port;
  }

  public BackgroundProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
