package dev.riskgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the Confluent Schema Registry REST API (Confluent's server, or Apicurio at /apis/ccompat/v7). Ids and
 * schemas are cached for the life of the client: a schema id never changes meaning, so once fetched it keeps
 * decoding while the registry is down. Network failures, timeouts, 5xx, 429, 408, 401 and 403 answers are retried with
 * exponential backoff, then reported as {@link RegistryUnavailableException} (a deserializer never turns them into a
 * bad record); other 4xx answers (404 an unknown id or subject, 409 incompatible) are reported at once with the
 * registry's message.
 *
 * <p>Requests go over {@link HttpURLConnection}, not java.net.http: that client keeps a selector thread in a native
 * call for as long as the JVM runs, and the JVM's exit waits 300 ms for such threads, which every short command of
 * the CLI paid.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClientConfig config;
  private final String baseUrl;
  /** The trust store's, or null for the JDK's default trust. */
  private final SSLSocketFactory tls;
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  public RestSchemaRegistryClient(RegistryClientConfig config) {
    this.config = config;
    this.baseUrl = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
    this.tls = config.truststore() == null ? null
        : TrustStores.sslContext(config.truststore(), config.truststorePassword()).getSocketFactory();
  }

  @Override
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> known = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = known.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
        "register a schema under subject '" + subject + "'");
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException("Registry at " + baseUrl + " answered a registration without an id: " + answer,
          200, -1);
    }
    known.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call("GET", "/schemas/ids/" + id, null, "look up schema id " + id);
    Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous == null ? schema : previous;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null,
        "read the latest version of subject '" + subject + "'");
    Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
    int id = answer.path("id").asInt();
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(subject, answer.path("version").asInt(), id, schema);
  }

  @Override
  public CompatibilityResult checkCompatibility(String subject, Schema schema) {
    JsonNode answer;
    try {
      answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
          schemaBody(schema), "check compatibility against subject '" + subject + "'");
    } catch (SchemaNotFoundException e) {
      return CompatibilityResult.ok(); // nothing registered yet: anything is compatible
    }
    List<String> messages = new ArrayList<>();
    answer.path("messages").forEach(m -> messages.add(m.asText()));
    return new CompatibilityResult(answer.path("is_compatible").asBoolean(false), List.copyOf(messages));
  }

  @Override
  public String url() {
    return baseUrl;
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schemaType", "AVRO");
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }

  private JsonNode call(String method, String path, String body, String what) {
    Duration backoff = config.initialBackoff();
    Exception lastFailure = null;
    int lastStatus = 0;
    long started = System.nanoTime();
    for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
      try {
        Answer answer = send(method, path, body);
        if (answer.status() < 300) {
          return JSON.readTree(answer.body());
        }
        if (!retried(answer.status())) {
          throw clientError(answer.status(), answer.body(), what);
        }
        lastFailure = new IOException("HTTP " + answer.status() + ": " + answer.body());
        lastStatus = answer.status();
      } catch (IOException e) {
        lastFailure = e;
        lastStatus = 0;
      }
      if (attempt < config.maxAttempts()) {
        log.debug("Registry call to {} failed (attempt {}/{}), retrying in {} ms: {}", baseUrl, attempt,
            config.maxAttempts(), backoff.toMillis(), lastFailure.toString());
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RegistryUnavailableException("Interrupted while trying to " + what + " at " + baseUrl, e);
        }
        backoff = backoff.multipliedBy(2);
      }
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    String why = lastStatus == 401 || lastStatus == 403 ? " refused riskgate's credentials (HTTP " + lastStatus + ")"
        : lastStatus == 429 ? " kept refusing for too many requests (HTTP 429)" : " is unreachable";
    String message = "Schema Registry at " + baseUrl + why + ": could not " + what + " after " + config.maxAttempts()
        + " attempts over " + elapsedMs + " ms (last error: " + describe(lastFailure) + ")";
    throw lastStatus == 401 || lastStatus == 403 ? new RegistryAccessDeniedException(message, lastFailure)
        : new RegistryUnavailableException(message, lastFailure);
  }

  private record Answer(int status, String body) {}

  /** One request: redirects are not followed, the timeout bounds the connection and each read. */
  private Answer send(String method, String path, String body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
    if (tls != null && connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(tls);
    }
    int timeout = (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis());
    connection.setConnectTimeout(timeout);
    connection.setReadTimeout(timeout);
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setRequestMethod(method);
    connection.setRequestProperty("Accept", CONTENT_TYPE);
    if (config.basicAuth() != null) {
      connection.setRequestProperty("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(config.basicAuth().getBytes(StandardCharsets.UTF_8)));
    }
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      connection.setRequestProperty("Content-Type", CONTENT_TYPE);
      // buffered, not streamed: a streamed request answered 401 ends in an exception instead of its status
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
    }
    int status = connection.getResponseCode();
    // read to the end (and closed) so that the connection goes back to the keep-alive cache
    InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
    if (in == null) {
      return new Answer(status, "");
    }
    try (in) {
      return new Answer(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static String describe(Exception e) {
    if (e == null) {
      return "none";
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Apicurio prefixes messages with a Java class ("io.apicurio...RuleViolationException: "): noise for an operator. */
  private static String withoutExceptionClass(String message) {
    return message.replaceFirst("^([a-zA-Z_$][\\w$]*\\.)+[\\w$]*(Exception|Error): ", "");
  }

  /**
   * Answers that say nothing about the request itself, retried with backoff and then reported as the registry being
   * unavailable, never as a bad record: server errors, too many requests, a request timeout, and refused
   * credentials (401, 403: an expired or rotated secret is fixed outside riskgate, and a record must not be
   * dead-lettered meanwhile).
   */
  private static boolean retried(int status) {
    return status >= 500 || status == 429 || status == 408 || status == 401 || status == 403;
  }

  private SchemaRegistryException clientError(int status, String body, String what) {
    int errorCode = status;
    String message = body;
    try {
      JsonNode error = JSON.readTree(body);
      errorCode = error.path("error_code").asInt(status);
      message = error.path("message").asText(body);
    } catch (IOException | RuntimeException ignored) {
      // not JSON: keep the raw body
    }
    String text = "Schema Registry at " + baseUrl + " refused to " + what + ": HTTP " + status + " (error "
        + errorCode + "): " + message;
    if (status == 404) {
      return new SchemaNotFoundException(text, status, errorCode);
    }
    if (status == 409 || errorCode == 409) {
      return new IncompatibleSchemaException("Schema Registry at " + baseUrl + " refused to " + what
          + ": the schema breaks the subject's compatibility rule (HTTP 409): " + withoutExceptionClass(message),
          status, errorCode);
    }
    return new SchemaRegistryException(text, status, errorCode);
  }
}
