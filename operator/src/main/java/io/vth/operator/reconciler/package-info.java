/**
 * Reconcilers and the I/O they need: reading the cluster, writing desired objects, events, metrics.
 * The decisions are made in {@link io.vth.operator.model}.
 */
package io.vth.operator.reconciler;
