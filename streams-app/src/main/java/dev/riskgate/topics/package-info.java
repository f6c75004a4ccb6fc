/**
 * The one place topic names, their settings and their serdes live, and the group-less reader the tools use on them;
 * imports config, the registry client and the serdes.
 */
package dev.riskgate.topics;
