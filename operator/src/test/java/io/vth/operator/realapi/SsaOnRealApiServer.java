package io.vth.operator.realapi;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The production operator settings (server-side apply on) against a real kube-apiserver, the
 * operator acting as an admin ({@code system:masters}).
 */
public class SsaOnRealApiServer implements QuarkusTestProfile {

  /** Identity of the operator's client, see {@link RealApiServerResource}. */
  protected String identity() {
    return "admin";
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    // enable-ssa is a build-time property: this profile re-augments the application. Both the
    // plain and the %test. keys, as application.properties turns it off under %test.
    // An informer's first list has been seen to fail with "Connection was closed" on this loaded
    // 2-core machine (cause not found); the informer then retries instead of failing the boot. A
    // permission missing from the chart still fails the scenario (nothing reconciles), and
    // HelmOnRealApiServerIT/ChartTest check the chart's RBAC call by call.
    return Map.of(
        "quarkus.operator-sdk.enable-ssa", "true",
        "%test.quarkus.operator-sdk.enable-ssa", "true",
        "quarkus.operator-sdk.stop-on-informer-error-during-startup", "false");
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(RealApiServerResource.class, Map.of("identity", identity())));
  }

  @Override
  public boolean disableGlobalTestResources() {
    return true;
  }

  /** The same, the operator acting as the Helm chart's ServiceAccount with the chart's RBAC. */
  public static class WithChartRbac extends SsaOnRealApiServer {
    @Override
    protected String identity() {
      return "chart";
    }
  }
}
