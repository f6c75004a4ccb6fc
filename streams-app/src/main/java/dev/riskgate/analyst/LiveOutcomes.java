package dev.riskgate.analyst;

import dev.riskgate.outcomes.OutcomeFigures;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Outcome counting as this instance sees it: the figures of its partitions, and the Kafka Streams instance that counts
 * them, whose metadata names the other instances to ask for theirs.
 */
public record LiveOutcomes(OutcomeFigures figures, KafkaStreams streams) {}
