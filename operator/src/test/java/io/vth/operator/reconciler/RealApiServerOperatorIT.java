package io.vth.operator.reconciler;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vth.operator.realapi.RealApiServerAvailable;
import io.vth.operator.realapi.SsaOnRealApiServer;
import org.junit.jupiter.api.extension.ExtendWith;

/** The operator as an admin, server-side apply on, against a real kube-apiserver. */
@ExtendWith(RealApiServerAvailable.class)
@QuarkusTest
@TestProfile(SsaOnRealApiServer.class)
class RealApiServerOperatorIT extends RealApiServerScenario {}
