/**
 * Configuration: keys, defaults, sources (file, environment, flags), validation of settings, the client and Streams
 * properties built from them, and the build's version; imports registry, serde and privacy.
 */
package dev.riskgate.config;
