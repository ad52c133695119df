package io.vth.operator.model;

/**
 * Why something is not in effect: a CamelCase condition reason and a message naming the field and
 * value.
 */
public record Problem(String reason, String message) {}
