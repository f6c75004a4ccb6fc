/**
 * State store implementations and lifecycles the processors share: hash-map stores for offline runs and global
 * stores, the decoded-profile cache, and the sweep of idle profiles; imports Kafka Streams only.
 */
package dev.riskgate.stores;
