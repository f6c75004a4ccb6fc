/**
 * Replays: history files or topic ranges produced faithfully to the transactions and entity-status topics, paced,
 * waiting for the app to apply status changes; imports history, topics and validation.
 */
package dev.riskgate.replay;
