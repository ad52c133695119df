package io.vth.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.HubAttachmentStatus;
import io.vth.operator.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingTest {

  private static HubAttachment allocated() {
    HubAttachment a = Fixtures.attachment("team-a", "net-a", "hubs", "hub", "10.1.0.0/24");
    a.getMetadata().setGeneration(1L);
    a.getMetadata().setResourceVersion("10");
    a.getSpec().tunnel.vni = 100;
    HubAttachmentStatus s = new HubAttachmentStatus();
    s.vni = 100;
    s.gateway = new HubAttachmentStatus.Gateway();
    s.gateway.address = "169.254.0.1/30";
    s.shard = List.of("dp-a-0", "dp-b-0");
    a.setStatus(s);
    return a;
  }

  private static HubAttachment copy(HubAttachment a) {
    return Serialization.clone(a);
  }

  @Test
  void statusWritesThatOnlyReportThePlanDoNotConcernTheOthers() {
    HubAttachment before = allocated();
    HubAttachment after = copy(before);
    after.getMetadata().setResourceVersion("11");
    Condition ready = new Condition();
    ready.type = "Ready";
    ready.status = Condition.Status.True;
    after.getStatus().conditions.add(ready);
    after.getStatus().observedGeneration = 1L;
    HubAttachmentStatus.PropagatedRoute r = new HubAttachmentStatus.PropagatedRoute();
    r.prefix = "10.2.0.0/24";
    r.origin = "team-b/net-b";
    after.getStatus().propagatedRoutes.add(r);

    assertThat(Mapping.planInputChanged(after, before)).isFalse();
    assertThat(Mapping.planInputChanged(before, after)).isFalse();
  }

  @Test
  void allocationsRecordedInTheStatusConcernTheOthers() {
    HubAttachment before = allocated();
    HubAttachment vni = copy(before);
    vni.getStatus().vni = 101;
    HubAttachment gateway = copy(before);
    gateway.getStatus().gateway.address = "169.254.0.5/30";
    HubAttachment shard = copy(before);
    shard.getStatus().shard = List.of("dp-a-1", "dp-b-0");
    HubAttachment first = copy(before);
    first.setStatus(null);

    assertThat(Mapping.planInputChanged(vni, before)).isTrue();
    assertThat(Mapping.planInputChanged(gateway, before)).isTrue();
    assertThat(Mapping.planInputChanged(shard, before)).isTrue();
    assertThat(Mapping.planInputChanged(before, first)).isTrue();
  }

  @Test
  void specChangesAndDeletionConcernTheOthers() {
    HubAttachment before = allocated();
    HubAttachment generation = copy(before);
    generation.getMetadata().setGeneration(2L);
    HubAttachment spec = copy(before);
    spec.getSpec().cidrs = List.of("10.1.0.0/23");
    HubAttachment deleting = copy(before);
    deleting.getMetadata().setDeletionTimestamp("2026-11-27T10:00:00Z");

    assertThat(Mapping.planInputChanged(generation, before)).isTrue();
    assertThat(Mapping.planInputChanged(spec, before)).isTrue();
    assertThat(Mapping.planInputChanged(deleting, before)).isTrue();
  }
}
