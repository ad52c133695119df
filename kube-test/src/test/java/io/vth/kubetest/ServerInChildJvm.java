package io.vth.kubetest;

/** Starts a server and waits to be killed: the child JVM of {@link KubeApiServerIT}. */
public final class ServerInChildJvm {
  static final String READY = "vth-kube-test-ready ";

  private ServerInChildJvm() {}

  public static void main(String[] args) throws InterruptedException {
    KubeApiServer server = KubeApiServer.start(KubeBinaries.locate());
    System.out.println(READY + server.directory());
    System.out.flush();
    Thread.sleep(600_000); // killed by the test long before
    server.close();
  }
}
