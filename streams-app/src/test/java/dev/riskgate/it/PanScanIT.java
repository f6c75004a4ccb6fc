package dev.riskgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.riskgate.generate.TrafficGenerator;
import dev.riskgate.registry.SchemaRegistryClient;
import dev.riskgate.registry.SchemaRegistryClients;
import dev.riskgate.schema.Transaction;
import dev.riskgate.testing.LocalStack;
import dev.riskgate.topics.Topics;
import dev.riskgate.validation.BadInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No card number anywhere riskgate writes: after a run of generated traffic mixed with records carrying card numbers
 * in every text field, every topic on the broker (but the input topics, where the test put them), the state
 * directory, riskgate's log (at DEBUG) and the broker and registry logs hold no 13-19 digit Luhn-valid number.
 */
class PanScanIT {
  private static final int TRANSACTIONS = 2_000;

  // not @TempDir: its name ends in a random 19-digit number, Luhn-valid one time in ten, which riskgate logs as part
  // of the state directory's path and the scan then rightly reports
  private Path work;
  private Path logFile;
  private FileAppender<ILoggingEvent> appender;
  private Level riskgateLevel;
  private RunningApp running;
  private SchemaRegistryClient registry;

  @BeforeEach
  void start() throws Exception {
    work = Files.createDirectories(Path.of("target", "pan-scan-" + UUID.randomUUID()).toAbsolutePath());
    captureRiskgateLogAtDebug();
    running = new RunningApp(Files.createDirectories(work.resolve("state")));
    registry = SchemaRegistryClients.create(running.config.registryClient());
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    if (registry != null) {
      registry.close();
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
    context.getLogger("dev.riskgate").setLevel(riskgateLevel);
  }

  @Test
  void noCardNumberInAnyTopicStateDirectoryOrLogAfterARun() throws Exception {
    Topics topics = running.topics;
    String input = topics.transactions().name();
    TrafficGenerator generator = new TrafficGenerator(new TrafficGenerator.Settings(3, 500, 50, 0, 0.02, "pan"));
    Random random = new Random(3);
    int valid = 0;
    int refused = 0;
    int pans = 0;
    long clock = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    try (KafkaProducer<byte[], byte[]> producer = running.producer()) {
      while (valid < TRANSACTIONS) {
        clock += 3_000;
        if (generator.next(clock) instanceof TrafficGenerator.TransactionEvent event) {
          Transaction tx = event.transaction();
          producer.send(new ProducerRecord<>(input, null, clock, tx.getCardToken().getBytes(StandardCharsets.UTF_8),
              topics.transactions().valueSerde().serializer().serialize(input, tx)));
          valid++;
          if (valid % 200 == 0) {
            for (BadInputs.Sample sample : BadInputs.samples(generator.transactionFor(tx.getCardToken(),
                System.currentTimeMillis()), t -> topics.transactions().valueSerde().serializer().serialize(input, t),
                registry, random)) {
              producer.send(new ProducerRecord<>(input, null, sample.key(), sample.value(), sample.headers()));
              refused++;
              pans += sample.name().startsWith("card number") ? 1 : 0;
            }
          }
        }
      }
    }
    int expectedValid = valid;
    int expectedRefused = refused;
    String decisions = topics.decisions().name();
    String deadLetters = topics.deadLetters().name();
    try (KafkaConsumer<byte[], byte[]> consumer = running.committedReader()) {
      new CommittedRecords(consumer, List.of(decisions, deadLetters)).until(r -> CommittedRecords.count(r, decisions)
          >= expectedValid && CommittedRecords.count(r, deadLetters) >= expectedRefused, Duration.ofSeconds(90));
    }
    Map<String, Object> clientProperties = running.clientProperties();
    running.close(); // state flushed to disk before it is scanned
    running = null;

    Map<String, List<String>> inTopics = new TreeMap<>(PanScan.topics(clientProperties));
    // the scan sees card numbers where they are: the test wrote them to the input topic
    assertThat(inTopics.keySet().stream().filter(where -> where.startsWith(input + "-"))).hasSize(pans);
    inTopics.keySet().removeIf(where -> where.substring(0, where.lastIndexOf('-')).endsWith("transactions"));
    assertThat(inTopics).as("card numbers in topics riskgate writes").isEmpty();
    assertThat(Files.readString(logFile)).as("riskgate's DEBUG log of the run").contains("Dead-lettering");
    assertThat(PanScan.files(List.of(work, LocalStack.shared().logDirectory())))
        .as("card numbers in the state directory and the logs").isEmpty();
  }

  private void captureRiskgateLogAtDebug() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logFile = work.resolve("logs").resolve("riskgate.log");
    Files.createDirectories(logFile.getParent());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d %-5level [%thread] %logger - %msg%n");
    encoder.start();
    appender = new FileAppender<>();
    appender.setContext(context);
    appender.setFile(logFile.toString());
    appender.setEncoder(encoder);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    Logger riskgate = context.getLogger("dev.riskgate");
    riskgateLevel = riskgate.getLevel();
    riskgate.setLevel(Level.DEBUG);
  }
}
