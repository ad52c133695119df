/** The shared network model of vth: plain Java, no frameworks. */
package io.vth.core;
