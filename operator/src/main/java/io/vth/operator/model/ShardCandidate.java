package io.vth.operator.model;

/**
 * A dataplane pod of the cell that can serve in shards.
 *
 * @param name pod name
 * @param ip pod IP, or null while it has none
 * @param zone its zone label
 * @param node the node it runs on, or null
 * @param ready whether its Ready condition is True
 */
public record ShardCandidate(String name, String ip, String zone, String node, boolean ready) {}
