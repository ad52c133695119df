package io.vth.bench;

/** The action programs measured by {@link ActionBenchmark}, in assembly. */
final class ActionPrograms {

  private ActionPrograms() {}

  private static final String EGRESS =
      ".const out egress vni=7001 remote=10.20.0.2 port=4789 mac=02:00:5e:00:53:01\n";

  /** Route only: TTL decrement with its checksum fix, set the egress, emit. */
  static final String FORWARD =
      EGRESS
          + """
                  require 20, malformed
                  ldb r1, [0]
                  jne r1, 0x45, malformed
                  ldb r1, [8]
                  jle r1, 1, expired
                  ldh r2, [8]
                  sub r1, 1
                  stb [8], r1
                  ldh r3, [8]
                  call csum_fix [10], r2, r3, 16
                  call set_egress out
                  call emit
          malformed:
                  call drop malformed
          expired:
                  call drop ttl_expired
          """;

  /** hub-core's README worked example: source translation 192.168.1.10 -> 100.64.7.10. */
  static final String SNAT =
      EGRESS
          + """
                  require 40, malformed
                  ldb r1, [0]
                  jne r1, 0x45, malformed
                  ldw r4, [12]
                  jne r4, 0xc0a8010a, policy
                  ldb r1, [8]
                  jle r1, 1, expired
                  ldh r2, [8]
                  sub r1, 1
                  stb [8], r1
                  ldh r3, [8]
                  call csum_fix [10], r2, r3, 16
                  ldi r5, 0x6440070a
                  stw [12], r5
                  call csum_fix [10], r4, r5, 32
                  call csum_fix [36], r4, r5, 32
                  call set_egress out
                  call emit
          malformed:
                  call drop malformed
          policy:
                  call drop policy
          expired:
                  call drop ttl_expired
          """;

  /**
   * Forward a DNS response (IPv4/UDP, no options) and rewrite its A answers through 192.168.1.0/24
   * -> 100.64.7.0/24, capping answer TTLs at 30 s.
   */
  static final String DNS =
      EGRESS
          + """
          .const m4 map4 192.168.1.0/24 100.64.7.0/24
                  require 28, malformed
                  ldb r1, [0]
                  jne r1, 0x45, malformed
                  ldb r1, [8]
                  jle r1, 1, expired
                  ldh r2, [8]
                  sub r1, 1
                  stb [8], r1
                  ldh r3, [8]
                  call csum_fix [10], r2, r3, 16
                  ldi r4, 20
                  call dns_rewrite r4, m4, none, 30
                  jslt r0, 0, malformed
                  call set_egress out
                  call emit
          malformed:
                  call drop malformed
          expired:
                  call drop ttl_expired
          """;
}
