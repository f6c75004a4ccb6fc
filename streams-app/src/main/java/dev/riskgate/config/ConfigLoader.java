package dev.riskgate.config;

import dev.riskgate.privacy.SecretMasking;
import dev.riskgate.privacy.TokenRanges;
import dev.riskgate.registry.RegistryClientConfig;
import dev.riskgate.serde.SerdeConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Reads configuration in this order, later wins: built-in defaults, a properties file, environment variables
 * ({@code RISKGATE_DEDUPE_WINDOW} sets {@code dedupe.window}; {@code KAFKA_LINGER_MS} passes {@code linger.ms} to the
 * Kafka clients), then explicit overrides (flags). Every problem is collected and reported together, one line each.
 */
public final class ConfigLoader {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
  public static final String KAFKA_PREFIX = "kafka.";

  /** Every riskgate key with its default and meaning; docs/configuration.md lists them in this order. */
  public static final Map<String, String[]> KEYS = keys();

  private static final String TOKEN_RANGES = "validation.token.ranges";
  private static final Duration MIN_STALL_TIMEOUT = Duration.ofSeconds(10);

  private ConfigLoader() {}

  private static Map<String, String[]> keys() {
    Map<String, String[]> k = new java.util.LinkedHashMap<>();
    k.put("application.id", new String[] {"riskgate", "Kafka Streams application id (consumer group, internal topic prefix)"});
    k.put("bootstrap.servers", new String[] {"127.0.0.1:19092", "Kafka brokers"});
    k.put("schema.registry.url", new String[] {"http://127.0.0.1:18081/apis/ccompat/v7",
        "Confluent-API Schema Registry; mock://<scope> for an in-process one"});
    k.put(SerdeConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, new String[] {"",
        "user:password for HTTP basic authentication to the registry (use https)"});
    k.put(SerdeConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION, new String[] {"",
        "Trust store (PKCS12 or JKS) for an https registry whose certificate the JDK does not trust"});
    k.put(SerdeConfig.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD, new String[] {"", "Password of that trust store"});
    k.put("topic.prefix", new String[] {"", "Prefix for every topic name, e.g. 'staging.'"});
    k.put("topic.partitions", new String[] {"6", "Partitions of topics riskgate creates"});
    k.put("topic.replication.factor", new String[] {"1", "Replication factor of topics riskgate creates (3 in production)"});
    k.put("processing.guarantee", new String[] {StreamsConfig.EXACTLY_ONCE_V2, "exactly_once_v2 or at_least_once"});
    k.put("num.stream.threads", new String[] {"1", "Stream threads of this instance"});
    k.put("dedupe.window", new String[] {"PT24H", "How long a transactionId is remembered to recognise retries (ISO-8601)"});
    k.put("profile.idle.ttl", new String[] {"P30D",
        "Card and merchant profiles idle this long in event time are deleted, which bounds state (ISO-8601)"});
    k.put("outcomes.enabled", new String[] {"true",
        "Count every rule against fraud-labels live (/metrics, the analyst page), in a Kafka Streams application of "
            + "its own (<application.id>.outcomes, one thread) beside screening in the same process"});
    k.put("outcomes.horizon", new String[] {"P120D",
        "How long a decision waits for its label (chargebacks come up to 120 days later); a label after it is "
            + "counted by 'riskgate rules stats' only (ISO-8601)"});
    k.put("validation.max.future.skew", new String[] {"PT5M", "Reject event times further ahead of this instance's clock"});
    k.put("validation.max.event.age", new String[] {"P400D", "Reject event times older than this (replays of last year pass)"});
    k.put(TOKEN_RANGES, new String[] {"",
        "Comma-separated BIN prefixes of numeric network tokens sent as card tokens; other card-number-shaped values "
            + "are refused as PANs"});
    // not under /tmp: the OS may clean it, and Streams warns about it
    k.put("state.dir", new String[] {"riskgate-state", "RocksDB state directory (relative to the working directory)"});
    k.put("instance.id", new String[] {hostName(), "Name of this instance in audit events and logs"});
    k.put("shutdown.timeout", new String[] {"PT30S", "Time allowed for a clean stop on SIGTERM"});
    k.put("num.standby.replicas", new String[] {"0",
        "Warm copies of each state store on other instances, for fast fail-over (1 in production)"});
    k.put("on.stream.failure", new String[] {StreamFailurePolicy.REPLACE_THREAD.configValue(),
        "After an uncaught error in a stream thread: " + StreamFailurePolicy.choices()});
    k.put("rocksdb.memory.mb", new String[] {"256",
        "Off-heap memory all RocksDB stores of this instance share (block cache, index/filter blocks, memtables)"});
    k.put("progress.stall.timeout", new String[] {"PT60S",
        "An input partition with records waiting and no committed progress this long while RUNNING is logged at WARN "
            + "and turns /health/ready DOWN"});
    // loopback by default: /metrics is not meant for the network unless a token protects it
    k.put("http.host", new String[] {"127.0.0.1", "Address of /health/live, /health/ready and /metrics"});
    k.put("http.port", new String[] {"8080", "Port of the HTTP endpoints; 0 picks a free port (logged)"});
    k.put("http.token", new String[] {"",
        "Bearer token /metrics requires; mandatory when http.host is not a loopback address"});
    k.put("http.unmask.token", new String[] {"",
        "A second token /api/* asks for (header X-Riskgate-Unmask-Token) before it shows full card tokens with "
            + "?unmask=true; empty: never"});
    k.put("http.tls.keystore", new String[] {"",
        "Key store (PKCS12 or JKS) of this instance's certificate: the endpoints serve https only, and analysts' "
            + "questions are forwarded between instances over https; empty: plain http"});
    k.put("http.tls.keystore.password", new String[] {"", "Password of http.tls.keystore and of its key"});
    k.put("http.tls.truststore", new String[] {"",
        "Certificates trusted when forwarding to another instance and when the CLI asks one; empty: the JDK's"});
    k.put("http.tls.truststore.password", new String[] {"", "Password of http.tls.truststore"});
    return java.util.Collections.unmodifiableMap(k);
  }

  /** Loads and validates; throws {@link InvalidConfigException} listing every problem. */
  public static RiskgateConfig load(Path file, Map<String, String> environment, Map<String, String> overrides) {
    return load(resolve(file, environment, overrides));
  }

  /** Validates settings already resolved; throws {@link InvalidConfigException} listing every problem. */
  public static RiskgateConfig load(EffectiveSettings settings) {
    return validate(new TreeMap<>(settings.values()), new ArrayList<>(settings.problems()));
  }

  /**
   * Every setting with its effective value and where that value came from, before validation; problems reading the
   * file are collected in {@link EffectiveSettings#problems()}.
   */
  public static EffectiveSettings resolve(Path file, Map<String, String> environment, Map<String, String> overrides) {
    Map<String, String> values = new TreeMap<>();
    Map<String, EffectiveSettings.Source> sources = new TreeMap<>();
    KEYS.forEach((key, spec) -> values.put(key, spec[0]));
    KEYS.keySet().forEach(key -> sources.put(key, EffectiveSettings.Source.DEFAULT));
    List<String> problems = new ArrayList<>();
    if (file != null) {
      Map<String, String> fromFile = new TreeMap<>();
      readFile(file, fromFile, problems);
      put(fromFile, EffectiveSettings.Source.FILE, values, sources, problems);
    }
    Map<String, String> fromEnvironment = new TreeMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith("RISKGATE_") && !isReservedVariable(name)) {
        fromEnvironment.put(settingOfVariable(name), value);
      } else if (name.startsWith("KAFKA_")) {
        String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
        if (KafkaSettingNames.contains(key)) {
          fromEnvironment.put(KAFKA_PREFIX + key, value);
        } else {
          // KAFKA_HEAP_OPTS, KAFKA_PORT of scripts/stack ...: other tools' variables, not client settings
          log.debug("Environment variable {} is not a Kafka client setting; ignored", name);
        }
      }
    });
    put(fromEnvironment, EffectiveSettings.Source.ENV, values, sources, problems);
    put(overrides, EffectiveSettings.Source.FLAG, values, sources, problems);
    return new EffectiveSettings(values, sources, problems);
  }

  /**
   * {@code kafka.bootstrap.servers} (or {@code KAFKA_BOOTSTRAP_SERVERS}) means riskgate's own {@code bootstrap.servers}:
   * riskgate hands that key to every client it makes (Streams, topic creation, tools), so one name must win
   * everywhere, not the Kafka one for Streams only. The same holds for the other settings riskgate owns
   * ({@code processing.guarantee} drives riskgate's own guarantee-dependent choices too).
   */
  static String ownKey(String key) {
    if (key.startsWith(KAFKA_PREFIX) && KEYS.containsKey(key.substring(KAFKA_PREFIX.length()))) {
      return key.substring(KAFKA_PREFIX.length());
    }
    return key;
  }

  /** {@code RISKGATE_HTTP_PORT} -> {@code http.port}. */
  public static String settingOfVariable(String name) {
    return name.substring("RISKGATE_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private static void put(Map<String, String> from, EffectiveSettings.Source source, Map<String, String> values,
      Map<String, EffectiveSettings.Source> sources, List<String> problems) {
    from.forEach((key, value) -> {
      String own = ownKey(key);
      if (!own.equals(key) && from.containsKey(own) && !from.get(own).equals(value)) {
        problems.add(own + ": set twice (" + source.label() + "), as " + own + "='"
            + SecretMasking.displayValue(own, from.get(own)) + "' and as " + key + "='"
            + SecretMasking.displayValue(key, value) + "' (KAFKA_* variables are kafka.* settings); riskgate gives "
            + own + " to every Kafka client it makes, set it once");
        return;
      }
      if (own.equals(key) || !from.containsKey(own)) {
        values.put(own, value);
        sources.put(own, source);
      }
    });
  }

  /** Variables of scripts/stack, scripts/riskgate and the logging set-up share the prefix but are not settings. */
  private static boolean isReservedVariable(String name) {
    return name.startsWith("RISKGATE_STACK_") || name.equals("RISKGATE_LOG_LEVEL") || name.equals("RISKGATE_JAR")
        || name.equals("RISKGATE_JAVA_OPTS");
  }

  private static void readFile(Path file, Map<String, String> values, List<String> problems) {
    if (!Files.isReadable(file)) {
      problems.add("config file " + file + ": not found or not readable");
      return;
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      props.load(reader);
    } catch (IOException e) {
      problems.add("config file " + file + ": " + e.getMessage());
      return;
    }
    props.stringPropertyNames().forEach(name -> values.put(name, props.getProperty(name).trim()));
  }

  private static RiskgateConfig validate(Map<String, String> v, List<String> problems) {
    Map<String, String> kafka = new TreeMap<>();
    for (String key : v.keySet()) {
      if (key.startsWith(KAFKA_PREFIX)) {
        kafka.put(key.substring(KAFKA_PREFIX.length()), v.get(key));
      } else if (!KEYS.containsKey(key)) {
        problems.add(key + ": unknown setting (known: " + String.join(", ", KEYS.keySet())
            + "; Kafka client settings go under kafka.*)");
      }
    }
    String guarantee = v.get("processing.guarantee");
    if (!guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) && !guarantee.equals(StreamsConfig.AT_LEAST_ONCE)) {
      problems.add("processing.guarantee: '" + guarantee + "' is not exactly_once_v2 or at_least_once");
    }
    requireText(v, "application.id", problems);
    requireText(v, "bootstrap.servers", problems);
    requireText(v, "schema.registry.url", problems);
    requireText(v, "instance.id", problems);
    int partitions = positiveInt(v, "topic.partitions", problems);
    int replication = positiveInt(v, "topic.replication.factor", problems);
    int threads = positiveInt(v, "num.stream.threads", problems);
    Duration dedupe = duration(v, "dedupe.window", problems);
    Duration profileTtl = duration(v, "profile.idle.ttl", problems);
    Duration skew = duration(v, "validation.max.future.skew", problems);
    boolean outcomes = bool(v, "outcomes.enabled", problems);
    Duration horizon = duration(v, "outcomes.horizon", problems);
    Duration age = duration(v, "validation.max.event.age", problems);
    TokenRanges tokenRanges = TokenRanges.parse(v.get(TOKEN_RANGES), TOKEN_RANGES, problems);
    Duration shutdown = duration(v, "shutdown.timeout", problems);
    int standbys = nonNegativeInt(v, "num.standby.replicas", problems);
    StreamFailurePolicy onFailure = StreamFailurePolicy.parse(v.get("on.stream.failure"));
    if (onFailure == null) {
      problems.add("on.stream.failure: '" + v.get("on.stream.failure") + "' is not one of "
          + StreamFailurePolicy.choices());
    }
    int rocksdbMemoryMb = positiveInt(v, "rocksdb.memory.mb", problems);
    int problemsBefore = problems.size();
    Duration stallTimeout = duration(v, "progress.stall.timeout", problems);
    if (problems.size() == problemsBefore && stallTimeout.compareTo(MIN_STALL_TIMEOUT) < 0) {
      // commits come every 20 ms under exactly_once_v2 (riskgate's default) but every 30 s under at_least_once
      problems.add("progress.stall.timeout: '" + v.get("progress.stall.timeout") + "' is shorter than "
          + MIN_STALL_TIMEOUT + "; an ordinary pause between commits would read as a stall");
    }
    HttpSettings http = http(v, problems);
    RegistryClientConfig registry = registry(v, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new RiskgateConfig(v.get("application.id"), v.get("bootstrap.servers"), v.get("schema.registry.url"),
        v.get("topic.prefix"), partitions, (short) replication, guarantee, threads, dedupe, profileTtl, skew, age,
        tokenRanges,
        Path.of(v.get("state.dir")), v.get("instance.id"), shutdown, standbys, onFailure, rocksdbMemoryMb, stallTimeout,
        http, Map.copyOf(kafka), registry, outcomes, horizon);
  }

  private static RegistryClientConfig registry(Map<String, String> v, List<String> problems) {
    String userInfo = v.get(SerdeConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
    if (!userInfo.isEmpty() && userInfo.indexOf(':') < 1) {
      problems.add(SerdeConfig.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO + ": expected user:password");
    }
    String truststore = v.get(SerdeConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION).trim();
    if (!truststore.isEmpty() && !Files.isReadable(Path.of(truststore))) {
      problems.add(SerdeConfig.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION + ": '" + truststore + "' is not a readable file");
    }
    return RegistryClientConfig.fromProperties(v);
  }

  private static HttpSettings http(Map<String, String> v, List<String> problems) {
    String host = v.get("http.host").trim();
    String token = v.get("http.token").trim();
    String unmaskToken = v.get("http.unmask.token").trim();
    HttpTls tls = tls(v, problems);
    int port = -1;
    try {
      port = Integer.parseInt(v.get("http.port").trim());
    } catch (NumberFormatException e) {
      // reported below
    }
    if (port < 0 || port > 65_535) {
      problems.add("http.port: '" + v.get("http.port") + "' is not a port number (0-65535; 0 picks a free one)");
    }
    if (host.isEmpty()) {
      problems.add("http.host: must not be empty (127.0.0.1 keeps the endpoints on this machine)");
      return new HttpSettings(host, port, token, unmaskToken, tls);
    }
    try {
      boolean loopback = InetAddress.getByName(host).isLoopbackAddress();
      if (!loopback && token.isEmpty()) {
        problems.add("http.host: '" + host + "' is reachable from other machines, so /metrics needs a token: set "
            + "http.token (RISKGATE_HTTP_TOKEN) or bind to 127.0.0.1");
      }
    } catch (UnknownHostException e) {
      problems.add("http.host: '" + host + "' does not resolve to an address of this machine");
    }
    return new HttpSettings(host, port, token, unmaskToken, tls);
  }

  /**
   * TLS of the endpoints. The trust store is opened now (every command that asks an instance uses it); the key store
   * when the endpoints start, so that an analyst's copy of a configuration does not need the server's key.
   */
  private static HttpTls tls(Map<String, String> v, List<String> problems) {
    HttpTls tls = new HttpTls(v.get("http.tls.keystore").trim(), v.get("http.tls.keystore.password"),
        v.get("http.tls.truststore").trim(), v.get("http.tls.truststore.password"));
    if (!tls.enabled() && !tls.keystorePassword().isEmpty()) {
      problems.add("http.tls.keystore.password is set but http.tls.keystore is not");
    }
    try {
      tls.clientContext();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return tls;
  }

  private static int nonNegativeInt(Map<String, String> v, String key, List<String> problems) {
    try {
      int value = Integer.parseInt(v.get(key).trim());
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(key + ": '" + v.get(key) + "' is not a non-negative integer");
    return 0;
  }

  private static void requireText(Map<String, String> v, String key, List<String> problems) {
    if (v.get(key) == null || v.get(key).isBlank()) {
      problems.add(key + ": must not be empty");
    }
  }

  private static int positiveInt(Map<String, String> v, String key, List<String> problems) {
    try {
      int value = Integer.parseInt(v.get(key).trim());
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(key + ": '" + v.get(key) + "' is not a positive integer");
    return 1;
  }

  private static boolean bool(Map<String, String> v, String key, List<String> problems) {
    String value = v.get(key).trim();
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      problems.add(key + ": '" + v.get(key) + "' is not true or false");
    }
    return value.equalsIgnoreCase("true");
  }

  private static Duration duration(Map<String, String> v, String key, List<String> problems) {
    try {
      Duration d = Duration.parse(v.get(key).trim());
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problems.add(key + ": '" + v.get(key) + "' is not a positive ISO-8601 duration such as PT5M, PT24H or P30D");
    return Duration.ofSeconds(1);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "riskgate";
    }
  }
}
