/**
 * What the card side, the merchant side and the topology share: the names of nodes, stores and internal topics, the
 * hop record format and its watermark protocol, and the recorder and progress hooks the runtime plugs in; imports
 * only features and the schema.
 */
package dev.riskgate.screening;
