/** The vth operator: turns hubs and attachments into a running cell, config and routes. */
package io.vth.operator;
