package dev.riskgate.it;

import dev.riskgate.privacy.PanDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Looks for card numbers where riskgate leaves data: topics (every record, aborted ones too), files (state
 * directories, logs). A card number is a whole run of 13-19 ASCII digits passing Luhn ({@link PanDetector}), or such
 * digits grouped by single spaces or dashes with no letter or digit either side, except 13-digit runs starting with 1: those are epoch milliseconds
 * (2001-2033) all over Kafka's logs, and no issued PAN of 13 digits starts with 1 (13-digit PANs are Visa, 4...).
 */
final class PanScan {
  private static final Pattern RUN = Pattern.compile("[0-9]{13,19}");
  /** Card numbers as cards print them: groups joined by single spaces or dashes. */
  private static final Pattern GROUPED = Pattern.compile("[0-9]{3,6}(?:[ -][0-9]{1,6}){1,5}");

  private PanScan() {}

  /** Card numbers in the text, as "position: masked number". */
  static List<String> find(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = RUN.matcher(text);
    while (m.find()) {
      boolean wholeRun = (m.start() == 0 || !isDigit(text.charAt(m.start() - 1)))
          && (m.end() == text.length() || !isDigit(text.charAt(m.end())));
      String run = m.group();
      if (wholeRun && PanDetector.containsPan(run) && !(run.length() == 13 && run.charAt(0) == '1')) {
        found.add(m.start() + ": " + PanDetector.mask(run));
      }
    }
    Matcher g = GROUPED.matcher(text);
    while (g.find()) {
      // a grouped number is bounded as PanDetector bounds it (no letter or digit either side): RocksDB writes its
      // random identity UUID into every file, and its hex groups are often all digits, next to letters a-f
      boolean wholeChain = (g.start() == 0 || !isLetterOrDigit(text.charAt(g.start() - 1)))
          && (g.end() == text.length() || !isLetterOrDigit(text.charAt(g.end())));
      String digits = g.group().replaceAll("[ -]", "");
      if (wholeChain && digits.length() >= 13 && digits.length() <= 19 && PanDetector.containsPan(digits)) {
        found.add(g.start() + ": " + PanDetector.mask(g.group()));
      }
    }
    return found;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetterOrDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Every record of every topic on the broker, read uncommitted; findings per "topic-partition@offset". */
  static Map<String, List<String>> topics(Map<String, Object> clientProperties) {
    Map<String, List<String>> findings = new HashMap<>();
    Set<String> names;
    try (Admin admin = Admin.create(clientProperties)) {
      names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot list topics", e);
    }
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String name : names) {
        consumer.partitionsFor(name).forEach(p -> partitions.add(new TopicPartition(name, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Topics not read to their end within a minute");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          List<String> found = new ArrayList<>(find(text(r.key())));
          found.addAll(find(text(r.value())));
          for (Header header : r.headers()) {
            found.addAll(find(header.key() + "=" + text(header.value())));
          }
          if (!found.isEmpty()) {
            findings.put(r.topic() + "-" + r.partition() + "@" + r.offset(), found);
          }
        }
      }
    }
    return findings;
  }

  /** Every regular file under the roots; findings per file. */
  static Map<String, List<String>> files(List<Path> roots) {
    Map<String, List<String>> findings = new HashMap<>();
    for (Path root : roots) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path file : paths.filter(Files::isRegularFile).toList()) {
          List<String> found = find(text(Files.readAllBytes(file)));
          if (!found.isEmpty()) {
            findings.put(file.toString(), found);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot scan " + root, e);
      }
    }
    return findings;
  }

  /** One char per byte, so a number in any ASCII-compatible encoding or in binary shows as digits. */
  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
