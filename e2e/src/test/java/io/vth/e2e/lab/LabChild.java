package io.vth.e2e.lab;

/**
 * Run in a child JVM by {@link LabCleanupIT}: opens a lab with one network and a background
 * process, prints the run id and the process id, then either halts (a crash: no shutdown hooks, no
 * close) or exits normally without closing (the shutdown hook must clean up).
 */
public final class LabChild {
  private LabChild() {}

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "halt";
    NetnsLab lab = NetnsLab.create();
    Network n = lab.network("child").cidr("192.168.77.0/24").host("192.168.77.10").create();
    BackgroundProcess sleeper = lab.spawn(n, "sleep", "600");
    System.out.println("RUN " + lab.runId());
    System.out.println("PID " + sleeper.pid());
    System.out.flush();
    if (mode.equals("halt")) {
      Runtime.getRuntime().halt(3);
    }
    System.exit(0);
  }
}
