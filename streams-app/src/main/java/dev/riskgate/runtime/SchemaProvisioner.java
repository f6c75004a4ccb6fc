package dev.riskgate.runtime;

import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.schema.AuditEvent;
import dev.riskgate.schema.DeadLetter;
import dev.riskgate.schema.Decision;
import dev.riskgate.schema.EntityStatus;
import dev.riskgate.schema.FraudLabel;
import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.schema.MerchantFeatures;
import dev.riskgate.schema.Transaction;
import dev.riskgate.serde.WireFormat;
import dev.riskgate.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers every value schema at start-up, so an unreachable or incompatible registry stops the app with a clear
 * message before it consumes anything, rather than on the first record.
 */
public final class SchemaProvisioner {
  private static final Logger log = LoggerFactory.getLogger(SchemaProvisioner.class);

  private SchemaProvisioner() {}

  public static void registerAll(SchemaRegistryClient registry, Topics topics) {
    register(registry, topics.transactions().name(), Transaction.getClassSchema());
    register(registry, topics.entityStatus().name(), EntityStatus.getClassSchema());
    register(registry, topics.decisions().name(), Decision.getClassSchema());
    register(registry, topics.audit().name(), AuditEvent.getClassSchema());
    register(registry, topics.deadLetters().name(), DeadLetter.getClassSchema());
    register(registry, topics.riskRules().name(), RulesetDocument.getClassSchema());
    register(registry, topics.merchantFeatures().name(), MerchantFeatures.getClassSchema());
    register(registry, topics.fraudLabels().name(), FraudLabel.getClassSchema());
    register(registry, topics.fraudLabelDeadLetters().name(), DeadLetter.getClassSchema());
  }

  private static void register(SchemaRegistryClient registry, String topic, org.apache.avro.Schema schema) {
    String subject = WireFormat.subject(topic, false);
    int id = registry.register(subject, schema);
    log.info("Schema {} registered under {} with id {} at {}", schema.getFullName(), subject, id, registry.url());
  }
}
