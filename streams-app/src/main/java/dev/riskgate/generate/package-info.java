/**
 * The traffic generator: worlds of cards, merchants and terminals in several currencies, ordinary traffic, labelled
 * fraud episodes and status changes; imports features.
 */
package dev.riskgate.generate;
