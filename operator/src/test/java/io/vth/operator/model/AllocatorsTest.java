package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** VNI and gateway allocation: unique per hub, stable, explicit requests honoured or refused. */
class AllocatorsTest {

  @Test
  void vnisAreLowestFreeAndKeptFromStatus() {
    var r =
        VniAllocator.allocate(
            List.of(
                new VniAllocator.Claim("ns/a", null, 2),
                new VniAllocator.Claim("ns/b", null, null),
                new VniAllocator.Claim("ns/c", 1, null),
                new VniAllocator.Claim("ns/d", null, null)));

    assertThat(r.vnis()).containsEntry("ns/a", 2).containsEntry("ns/c", 1);
    assertThat(r.vnis()).containsEntry("ns/b", 3).containsEntry("ns/d", 4);
    assertThat(r.conflicts()).isEmpty();
  }

  @Test
  void aDuplicateExplicitVniIsRefusedNamingTheHolder() {
    var r =
        VniAllocator.allocate(
            List.of(
                new VniAllocator.Claim("ns/old", null, 7),
                new VniAllocator.Claim("ns/new", 7, null)));

    assertThat(r.vnis()).containsOnlyKeys("ns/old");
    assertThat(r.conflicts().get("ns/new"))
        .isEqualTo("spec.tunnel.vni: 7 is already used by ns/old");
  }

  @Test
  void aVniInUseStaysWithItsHolderEvenAgainstAnOlderExplicitRequest() {
    var r =
        VniAllocator.allocate(
            List.of(
                new VniAllocator.Claim("ns/a", 5, null), new VniAllocator.Claim("ns/b", null, 5)));

    assertThat(r.vnis()).containsOnly(java.util.Map.entry("ns/b", 5));
    assertThat(r.conflicts().get("ns/a")).isEqualTo("spec.tunnel.vni: 5 is already used by ns/b");
  }

  @Test
  void aChangedExplicitVniMovesTheAttachment() {
    var r = VniAllocator.allocate(List.of(new VniAllocator.Claim("ns/a", 9, 5)));

    assertThat(r.vnis()).containsEntry("ns/a", 9);
  }

  @Test
  void aGatewayInUseStaysWithItsHolder() {
    var r =
        GatewayAllocator.allocate(
            List.of(
                new GatewayAllocator.Claim("ns/a", "169.254.0.1/30", null),
                new GatewayAllocator.Claim("ns/b", null, "169.254.0.1/30")));

    assertThat(r.gateways()).containsOnly(java.util.Map.entry("ns/b", "169.254.0.1/30"));
    assertThat(r.conflicts()).containsKey("ns/a");
  }

  @Test
  void gatewayMacCarriesTheVniBytes() {
    assertThat(VniAllocator.gatewayMac(0x0103e9)).isEqualTo("02:76:74:01:03:e9");
    assertThat(VniAllocator.gatewayMac(1)).isEqualTo("02:76:74:00:00:01");
  }

  @Test
  void gatewaysAreConsecutiveSlash30sFromTheLinkLocalPool() {
    var r =
        GatewayAllocator.allocate(
            List.of(
                new GatewayAllocator.Claim("ns/a", null, null),
                new GatewayAllocator.Claim("ns/b", null, null)));

    assertThat(r.gateways())
        .containsEntry("ns/a", "169.254.0.1/30")
        .containsEntry("ns/b", "169.254.0.5/30");
  }

  @Test
  void explicitAndPreviousGatewaysAreKeptAndNewOnesAvoidThem() {
    var r =
        GatewayAllocator.allocate(
            List.of(
                new GatewayAllocator.Claim("ns/a", "169.254.0.1/30", null),
                new GatewayAllocator.Claim("ns/b", null, "169.254.0.5/30"),
                new GatewayAllocator.Claim("ns/c", null, null)));

    assertThat(r.gateways())
        .containsEntry("ns/a", "169.254.0.1/30")
        .containsEntry("ns/b", "169.254.0.5/30")
        .containsEntry("ns/c", "169.254.0.9/30");
  }

  @Test
  void anOverlappingExplicitGatewayIsRefused() {
    var r =
        GatewayAllocator.allocate(
            List.of(
                new GatewayAllocator.Claim("ns/a", "169.254.10.1/30", null),
                new GatewayAllocator.Claim("ns/b", "169.254.10.2/30", null)));

    assertThat(r.conflicts().get("ns/b"))
        .contains("spec.tunnel.hubAddress", "169.254.10.2/30", "ns/a");
  }

  @Test
  @Timeout(30)
  void tenThousandGatewaysKeepTheirsAndFillTheGaps() {
    // A hub's plan allocates every attachment's gateway on every reconciliation: this must not be
    // quadratic in the attachments (the control-plane benchmark found it was).
    List<GatewayAllocator.Claim> claims = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String previous =
          i % 2 == 0 ? "169.254." + (i * 4 >> 8 & 255) + "." + ((i * 4 & 255) + 1) + "/30" : null;
      claims.add(new GatewayAllocator.Claim("ns/a" + i, null, previous));
    }
    claims.add(new GatewayAllocator.Claim("ns/late", "169.254.0.2/30", null));

    GatewayAllocator.Result r = GatewayAllocator.allocate(claims);

    assertThat(r.gateways()).hasSize(10_000);
    assertThat(new HashSet<>(r.gateways().values())).hasSize(10_000);
    for (int i = 0; i < 10_000; i += 2) {
      assertThat(r.gateways().get("ns/a" + i)).isEqualTo(claims.get(i).previous());
    }
    // the even ones hold every other /30 of the first 40,000 addresses: the odd ones fill the gaps,
    // lowest first
    for (int i = 1; i < 10_000; i += 2) {
      int a = i * 4;
      assertThat(r.gateways().get("ns/a" + i))
          .isEqualTo("169.254." + (a >> 8) + "." + ((a & 255) + 1) + "/30");
    }
    assertThat(r.conflicts().get("ns/late"))
        .contains("spec.tunnel.hubAddress", "169.254.0.2/30", "ns/a0");
  }
}
