/** The vth API, version v1alpha1. */
package io.vth.api.v1alpha1;
