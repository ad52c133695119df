/**
 * The pure model of the operator: from hubs and attachments to allocations, shards, compiled routes
 * and desired Kubernetes objects. No client calls here; reconcilers do the I/O.
 */
package io.vth.operator.model;
