/**
 * Analyst tools over topics and a running app's stores: inspect, explain, card views, the live state behind the API;
 * imports topics, config, features, rules, rulesets, statuses, privacy, the card side's stored format and the names
 * of stores, never the runtime.
 */
package dev.riskgate.analyst;
