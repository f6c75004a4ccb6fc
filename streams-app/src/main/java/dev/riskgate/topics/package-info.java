/**
 * The one place topic names, their settings and their serdes live; imports the registry client and the serdes.
 */
package dev.riskgate.topics;
