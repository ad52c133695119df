package io.vth.e2e.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need real network namespaces: root, a working {@code ip netns}, veth and VXLAN
 * devices, and the listed binaries. When something is missing the test is <b>skipped</b> with a
 * message saying what; when the environment variable {@value NetnsCondition#REQUIRED_ENV} is {@code
 * 1} (CI sets it) it <b>fails</b> instead, so CI can never pass by skipping. The JUnit
 * configuration parameter (or system property) {@value NetnsCondition#REQUIRED_PARAMETER}, when set
 * to true or false, overrides the environment variable.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NetnsCondition.class)
public @interface NeedsNetns {
  /**
   * Binaries needed besides {@code ip}, e.g. {@code {"ping", "iperf3"}}; searched on PATH and sbin.
   */
  String[] binaries() default {};
}
