/**
 * Action programs: the small register machine a decision pod compiles per flow and a dataplane pod
 * verifies ({@link io.vth.core.action.ActionVerifier}) and runs on each packet ({@link
 * io.vth.core.action.ActionInterpreter}). The instruction set is documented in hub-core/README.md.
 */
package io.vth.core.action;
