/**
 * Card and merchant profiles and the features read from them (velocity, amounts, travel, terminal probing), with
 * their reference tables; imports nothing of riskgate but the schema.
 */
package dev.riskgate.features;
