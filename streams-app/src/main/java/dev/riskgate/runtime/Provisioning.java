package dev.riskgate.runtime;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.topics.Topics;
import org.apache.kafka.clients.admin.Admin;

/**
 * What riskgate needs before it starts, made sure of in one explicit step: its topics (created when missing, their
 * settings checked when present) and its Avro schemas registered. {@code riskgate run} takes it before starting the
 * app; it is safe to repeat.
 */
public final class Provisioning {
  private Provisioning() {}

  public static void ensure(RiskgateConfig config) {
    try (SchemaRegistryClient registry = SchemaRegistryClients.create(config.registryClient());
        Admin admin = Admin.create(config.clientProperties())) {
      Topics topics = new Topics(config.topicPrefix(), registry);
      TopicProvisioner.ensure(admin, topics, config);
      SchemaProvisioner.registerAll(registry, topics);
    }
  }
}
