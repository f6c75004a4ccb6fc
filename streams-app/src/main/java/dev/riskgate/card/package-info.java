/**
 * The card side of screening: decoding, validation, dead-lettering, retries recognised, statuses in force at the
 * event time and card features, handed to the merchant side as hop records; imports what the sides share (screening),
 * decisions, statuses, stores, features, validation, privacy, config and topics, never the merchant side or the
 * topology.
 */
package dev.riskgate.card;
