package dev.riskgate.analyst;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.card.SeenTransaction;
import dev.riskgate.config.HttpSettings;
import dev.riskgate.decision.DecisionMemo;
import dev.riskgate.features.CardProfile;
import dev.riskgate.features.CardSnapshot;
import dev.riskgate.outcomes.OutcomeStats;
import dev.riskgate.privacy.CardView;
import dev.riskgate.privacy.PanDetector;
import dev.riskgate.rules.Rulesets;
import dev.riskgate.rulesets.ActiveRuleset;
import dev.riskgate.schema.EntityType;
import dev.riskgate.schema.RulesetDocument;
import dev.riskgate.screening.GlobalProgress;
import dev.riskgate.screening.ScreeningNames;
import dev.riskgate.status.StatusHistory;
import dev.riskgate.status.StatusLookup;
import dev.riskgate.status.StatusReasons;
import dev.riskgate.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers analysts from the running app's state stores (interactive queries). A card's profile lives on the instance
 * that owns the card's partition: another instance forwards the question to it (found through
 * {@code application.server} and {@code queryMetadataForKey}). Statuses and the ruleset are global stores every
 * instance holds. The de-duplication store doubles as an index transactionId -> input coordinates; it is partitioned
 * by card, so an id is looked up on every instance.
 */
public final class LiveState {
  /** An HTTP status and a JSON body. */
  public record Answer(int status, ObjectNode body) {}

  private final KafkaStreams streams;
  private final HostInfo self;
  private final String instanceId;
  private final Topics topics;
  private final Optional<String> bearerToken;
  private final Optional<String> unmaskToken;
  private final GlobalProgress globalProgress;
  private final HttpSettings httpSettings;
  private final HttpClient http;
  /** Null when outcomes.enabled is false. */
  private final LiveOutcomes outcomes;
  private final int partitions;

  /**
   * {@code self}: this instance's {@code application.server}, or null when unset (then no routing); {@code http}:
   * the scheme, trust and tokens a forwarded question goes with (the unmask token only with one asking for full card
   * tokens).
   */
  public LiveState(KafkaStreams streams, HostInfo self, String instanceId, Topics topics, HttpSettings http,
      GlobalProgress globalProgress, LiveOutcomes outcomes, int partitions) {
    this.outcomes = outcomes;
    this.partitions = partitions;
    this.httpSettings = http;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .sslContext(http.tls().clientContext()).build();
    this.bearerToken = http.bearerToken();
    this.unmaskToken = http.unmaskToken();
    this.globalProgress = globalProgress;
    this.streams = streams;
    this.self = self;
    this.instanceId = instanceId;
    this.topics = topics;
  }

  /** The card's current features; {@code local}: answer from this instance's store only (a forwarded question). */
  public Answer card(String token, boolean local, CardView view) {
    KeyQueryMetadata owner = streams.queryMetadataForKey(ScreeningNames.CARD_PROFILE_STORE, token,
        Serdes.String().serializer());
    if (owner == null || owner.activeHost() == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return error(503, "the card's store is not available right now (rebalancing or restoring): try again");
    }
    if (!local && self != null && !owner.activeHost().equals(self)) {
      return forward(owner.activeHost(), "/api/cards/" + encode(token), view);
    }
    byte[] bytes;
    try {
      ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters
          .fromNameAndType(ScreeningNames.CARD_PROFILE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
          .withPartition(owner.partition()));
      bytes = store.get(token);
    } catch (InvalidStateStoreException e) {
      return error(503, "partition " + owner.partition() + " of the card profiles is not on this instance"
          + (self == null ? " and application.server is not set, so the question cannot be routed" : "")
          + ": " + e.getMessage());
    }
    ObjectNode body = answered();
    body.put("card", view.show(token));
    body.put("partition", owner.partition());
    CardSnapshot snapshot = CardSnapshot.of(CardProfile.fromBytes(bytes));
    body.put("found", snapshot != null);
    if (snapshot == null) {
      body.put("error", "no transaction of this card has been screened");
      return new Answer(404, body);
    }
    body.put("newestTransaction", Instant.ofEpochMilli(snapshot.newestTime()).toString());
    ObjectNode features = body.putObject("features");
    snapshot.windows().forEach(features::put);
    body.put("profiledTransactions", snapshot.profiledTransactions());
    body.put("typicalAmount", snapshot.typicalAmount());
    body.put("amountLogDeviation", snapshot.amountLogDeviation());
    ArrayNode recent = body.putArray("recent");
    snapshot.recent().forEach(r -> recent.addObject().put("time", Instant.ofEpochMilli(r.time()).toString())
        .put("amount", r.amount()));
    return new Answer(200, body);
  }

  /** The status in force for an account, card or merchant (global store: every instance has it). */
  public Answer status(String type, String id, CardView view) {
    EntityType entityType;
    try {
      entityType = EntityType.valueOf(type.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return error(400, "'" + type + "' is not an entity type: account, card or merchant");
    }
    byte[] stored = global(ScreeningNames.STATUS_STORE, StatusReasons.key(entityType, id));
    ObjectNode body = answered();
    body.put("entityType", entityType.name());
    body.put("entityId", entityType == EntityType.CARD ? view.show(id) : id);
    StatusLookup lookup = new StatusLookup(topics.entityStatus().valueSerde().deserializer(),
        topics.entityStatus().name());
    StatusLookup.InForce now = lookup.inForce(stored, System.currentTimeMillis());
    body.put("recorded", stored != null);
    if (now.unreadable()) {
      body.put("status", "UNREADABLE");
      body.put("problem", now.problem());
    } else if (now.status() == null) {
      body.put("status", "ACTIVE");
    } else {
      body.setAll((ObjectNode) RecordJson.of(now.status(), false));
    }
    ArrayNode history = body.putArray("history"); // every change kept, oldest first: transactions get the one in force
    for (StatusHistory.Version version : StatusHistory.versions(stored)) {
      history.add(versionJson(lookup, version));
    }
    return new Answer(200, body);
  }

  private static ObjectNode versionJson(StatusLookup lookup, StatusHistory.Version version) {
    if (version.tombstone()) {
      return JsonNodeFactory.instance.objectNode().put("status", "ACTIVE").put("effectiveTime",
          Instant.ofEpochMilli(version.time()).toString()).put("lifted", true);
    }
    try {
      return (ObjectNode) RecordJson.of(lookup.read(version), false);
    } catch (RuntimeException e) {
      return JsonNodeFactory.instance.objectNode().put("status", "UNREADABLE")
          .put("recordTime", Instant.ofEpochMilli(version.time()).toString())
          .put("problem", PanDetector.mask(String.valueOf(e.getMessage())));
    }
  }

  /**
   * How far each instance has applied entity-status and risk-rules to its global stores: per
   * topic and partition, the offset after the last applied record. A status or ruleset written at offset {@code o} is
   * in force on an instance once its position is past {@code o}. {@code local}: this instance only (a forwarded
   * question); otherwise every instance of the application that this one can reach.
   */
  public Answer progress(boolean local) {
    ObjectNode body = answered();
    ArrayNode instances = body.putArray("instances");
    instances.add(localProgress());
    if (!local && self != null) {
      for (StreamsMetadata other : streams.metadataForAllStreamsClients()) {
        if (!other.hostInfo().equals(self)) {
          Answer answer = forward(other.hostInfo(), "/api/progress");
          if (answer.status() != 200) {
            return new Answer(502, answer.body());
          }
          answer.body().path("instances").forEach(instances::add);
        }
      }
    }
    return new Answer(200, body);
  }

  /**
   * Every rule against the labels known, as counted live: this instance's partitions, plus (unless {@code local}, a
   * forwarded question) every other instance's, added up; says which partitions the figures cover.
   */
  public Answer ruleStats(boolean local) {
    if (outcomes == null) {
      return error(404, "outcomes are not counted here (outcomes.enabled=false); 'riskgate rules stats' counts them "
          + "from the topics");
    }
    Map<String, long[]> counts = new TreeMap<>(outcomes.figures().snapshot());
    Set<Integer> covered = new TreeSet<>(outcomes.figures().partitions());
    ObjectNode body = answered();
    ArrayNode instances = JsonNodeFactory.instance.arrayNode().add(instanceId);
    if (local) {
      body.set("counts", OutcomeStats.toJson(counts));
      covered.forEach(body.putArray("partitions")::add);
      return new Answer(200, body);
    }
    if (self != null) {
      for (StreamsMetadata other : outcomes.streams().metadataForAllStreamsClients()) {
        if (!other.hostInfo().equals(self)) {
          Answer answer = forward(other.hostInfo(), "/api/rules/stats");
          if (answer.status() != 200) {
            return new Answer(502, answer.body());
          }
          OutcomeStats.add(counts, answer.body().path("counts"));
          answer.body().path("partitions").forEach(p -> covered.add(p.asInt()));
          instances.add(answer.body().path("answeredBy").asText());
        }
      }
    }
    body.setAll(OutcomeStats.of(counts).jsonNode());
    body.set("instances", instances);
    covered.forEach(body.putArray("partitions")::add);
    body.put("partitionsTotal", partitions);
    body.put("complete", covered.size() == partitions);
    if (covered.size() < partitions) {
      body.put("note", "figures of " + covered.size() + " of " + partitions + " partitions"
          + (self == null ? ": application.server is not set, so other instances cannot be asked" : ": the rest are "
              + "being restored or moved"));
    }
    return new Answer(200, body);
  }

  private ObjectNode localProgress() {
    ObjectNode instance = RecordJson.MAPPER.createObjectNode();
    instance.put("instance", instanceId);
    instance.put("state", streams.state().name());
    ObjectNode applied = instance.putObject("applied");
    globalProgress.positions().forEach((topic, partitions) -> {
      ObjectNode byPartition = applied.putObject(topic);
      partitions.forEach((partition, next) -> byPartition.put(String.valueOf(partition), next));
    });
    return instance;
  }

  /**
   * The ruleset this instance applies: the last valid one published, or the shipped default; and the last
   * publication refused after it, if any, with why.
   */
  public Answer ruleset() {
    RulesetDocument doc = publishedRuleset();
    ObjectNode body = answered();
    if (doc == null) {
      body.put("source", "shipped default (none published)");
      body.put("version", Rulesets.defaultRuleset().version());
      body.put("document", Rulesets.defaultDocument());
    } else {
      body.put("source", "published to " + topics.riskRules().name());
      body.setAll((ObjectNode) RecordJson.of(doc, false));
    }
    byte[] refused = global(ScreeningNames.RULESET_STORE, ActiveRuleset.REFUSED_KEY);
    if (refused != null) {
      ObjectNode last = body.putObject("lastRefused");
      try {
        RulesetDocument refusedDoc = topics.riskRules().valueSerde().deserializer()
            .deserialize(topics.riskRules().name(), refused);
        last.setAll((ObjectNode) RecordJson.of(refusedDoc, false));
        ActiveRuleset.check(refusedDoc);
      } catch (RuntimeException e) {
        last.put("problems", PanDetector.mask(String.valueOf(e.getMessage())));
      }
    }
    return new Answer(200, body);
  }

  /** The ruleset in force in this instance's global store, or null when none was published. */
  public RulesetDocument publishedRuleset() {
    byte[] bytes = global(ScreeningNames.RULESET_STORE, ActiveRuleset.KEY);
    return bytes == null ? null
        : topics.riskRules().valueSerde().deserializer().deserialize(topics.riskRules().name(), bytes);
  }

  /**
   * Where a transaction was read from: from the merchant (or area) side's memory of its decision, or the card side's
   * de-duplication store (what is screened but not decided yet, under at-least-once), of whichever instance has it.
   */
  public Answer transactionLocation(String transactionId, boolean local) {
    String unavailable = null;
    String hashKey = SeenTransaction.hashKey(CardProfile.idHash(transactionId));
    // the merchant side's memory first (a tiny payment: the area side's), then the card side's, by id then by hash
    String[][] places = {{ScreeningNames.DECISION_STORE, transactionId}, {ScreeningNames.AREA_DECISION_STORE,
        transactionId}, {ScreeningNames.DEDUPE_STORE, transactionId}, {ScreeningNames.DEDUPE_STORE, hashKey}};
    for (String[] place : places) {
      try {
        byte[] found = firstIn(place[0], place[1]);
        if (found != null && place[0].equals(ScreeningNames.DEDUPE_STORE)) {
          SeenTransaction screened = SeenTransaction.fromBytes(found);
          return located(transactionId, screened.partition(), screened.offset());
        }
        if (found != null) {
          DecisionMemo decided = DecisionMemo.fromBytes(found);
          return located(transactionId, decided.partition(), decided.offset());
        }
      } catch (InvalidStateStoreException e) {
        unavailable = place[0] + ": " + e.getMessage(); // another store or instance may still know it
      }
    }
    if (!local && self != null) {
      for (StreamsMetadata other : streams.streamsMetadataForStore(ScreeningNames.DEDUPE_STORE)) {
        if (!other.hostInfo().equals(self)) {
          Answer answer = forward(other.hostInfo(), "/api/index/transactions/" + encode(transactionId));
          if (answer.status() == 200) {
            return answer;
          }
        }
      }
    }
    if (unavailable != null) {
      return error(503, "the retry memory is not available right now (" + unavailable + ")");
    }
    return error(404, transactionId + " is not in the retry memory of any instance (never screened, not decided yet, "
        + "or older than three dedupe.window)");
  }

  private byte[] firstIn(String storeName, String key) {
    try (WindowStoreIterator<byte[]> hits = streams.store(StoreQueryParameters.fromNameAndType(storeName,
        QueryableStoreTypes.<String, byte[]>windowStore()))
        .fetch(key, Instant.EPOCH, Instant.now().plus(Duration.ofDays(3650)))) {
      return hits.hasNext() ? hits.next().value : null;
    }
  }

  private Answer located(String transactionId, int partition, long offset) {
    ObjectNode body = answered();
    body.put("transactionId", transactionId);
    body.put("topic", topics.transactions().name());
    body.put("partition", partition);
    body.put("offset", offset);
    return new Answer(200, body);
  }

  private byte[] global(String storeName, String key) {
    ReadOnlyKeyValueStore<String, byte[]> store = streams.store(
        StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    return store.get(key);
  }

  private Answer forward(HostInfo owner, String path) {
    return forward(owner, path, CardView.MASKED);
  }

  private Answer forward(HostInfo owner, String path, CardView view) {
    boolean full = view == CardView.FULL && unmaskToken.isPresent();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpSettings.url(owner.host(), owner.port())
        + path + (path.contains("?") ? "&" : "?") + "local=true" + (full ? "&unmask=true" : "")))
        .timeout(Duration.ofSeconds(10)).GET();
    bearerToken.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    if (full) {
      request.header(AnalystApiHandler.UNMASK_HEADER, unmaskToken.get());
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      ObjectNode body = (ObjectNode) RecordJson.MAPPER.readTree(response.body());
      body.put("routedVia", instanceId);
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      return error(502, "the owning instance " + owner + " did not answer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(503, "interrupted while asking " + owner);
    }
  }

  private ObjectNode answered() {
    ObjectNode body = RecordJson.MAPPER.createObjectNode();
    body.put("answeredBy", instanceId);
    return body;
  }

  Answer error(int status, String message) {
    ObjectNode body = answered();
    body.put("error", message);
    return new Answer(status, body);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
