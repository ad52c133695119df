package io.vth.dataplane;

import io.vth.core.action.ActionProgram;

/**
 * An action in a worker's cache: a verified program to run, or a drop with its reason, decided
 * under a config generation and valid until it expires.
 *
 * @param program the verified program, or null for a drop
 * @param dropCause why packets of the flow are dropped, when {@code program} is null
 * @param generation the config generation it was decided under
 * @param expiresAtNanos when to ask again even if nothing changed (the action stays in use
 *     meanwhile)
 */
public record CachedAction(
    ActionProgram program, DropCause dropCause, long generation, long expiresAtNanos) {}
