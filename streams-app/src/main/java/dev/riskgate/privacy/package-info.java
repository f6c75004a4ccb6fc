/**
 * Card numbers and secrets: detecting a PAN (Luhn, grouped digits, token ranges) and masking PANs, card tokens and
 * secrets wherever riskgate prints or keeps text; imports nothing of riskgate.
 */
package dev.riskgate.privacy;
