package io.vth.kubetest;

import java.util.concurrent.CountDownLatch;

/**
 * Starts a cluster by hand, for debugging: {@code test-infra/cluster.sh [nodes]} (or this class's
 * {@code main} with the kube-test classpath). Prints the admin kubeconfig path and waits; Ctrl-C
 * (or SIGTERM) removes the cluster.
 */
public final class KubeClusterMain {
  private KubeClusterMain() {}

  /** {@code args[0]}: the node count (default 2). */
  public static void main(String[] args) throws InterruptedException {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    KubeCluster cluster = KubeCluster.start(nodes);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  cluster.close();
                  done.countDown();
                }));
    System.out.println("kubeconfig: " + cluster.adminKubeconfig());
    System.out.println("folder:     " + cluster.directory());
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      System.out.println(
          "node:       "
              + n.name()
              + " "
              + n.zone()
              + " "
              + n.address()
              + " pods "
              + n.podCidr()
              + " (ip netns exec "
              + n.netns()
              + " ...)");
    }
    System.out.println("images:     " + cluster.image("pause") + " " + cluster.image("probe"));
    System.out.println("Ctrl-C removes the cluster.");
    System.out.flush();
    done.await();
  }
}
