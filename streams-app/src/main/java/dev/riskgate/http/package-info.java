/**
 * The HTTP plumbing every part shares: small complete responses, the bearer-token filter, and routes a part registers
 * on the instance's server; imports nothing of riskgate.
 */
package dev.riskgate.http;
