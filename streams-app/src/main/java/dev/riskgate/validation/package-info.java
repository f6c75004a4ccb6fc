/**
 * Whether a transaction or status change can be screened: required fields, event-time bounds, card numbers in any
 * field, key or header; imports features and privacy.
 */
package dev.riskgate.validation;
