/**
 * Avro serdes in Confluent's wire format over the registry client, with the property names Confluent's serdes use;
 * imports the registry client.
 */
package dev.riskgate.serde;
