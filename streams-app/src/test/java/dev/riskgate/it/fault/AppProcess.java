package dev.riskgate.it.fault;

import dev.riskgate.analyst.RecordJson;
import dev.riskgate.cli.RiskgateCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One riskgate instance as its own JVM ({@code riskgate run --config}), so that it can be killed with SIGKILL like a
 * crashed pod. Its state directory and log live under its own directory and survive a restart.
 */
final class AppProcess {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  final String name;
  private final Path config;
  private final Path log;
  private final int httpPort;
  private Process process;

  AppProcess(String name, Path dir, Map<String, String> settings) {
    this.name = name;
    this.httpPort = freePort();
    this.config = dir.resolve(name + ".properties");
    this.log = dir.resolve(name + ".log");
    Properties props = new Properties();
    props.putAll(settings);
    props.setProperty("instance.id", name);
    props.setProperty("state.dir", dir.resolve(name + "-state").toString());
    props.setProperty("http.port", String.valueOf(httpPort));
    try (Writer out = Files.newBufferedWriter(config)) {
      props.store(out, "fault test instance " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void start() {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        // Kafka Streams' internals (task states, assignment, restoration) in the instance log: scripts/soak sets INFO
        "-Driskgate.test.streams.log=" + System.getProperty("fault.streams.log", "WARN"),
        // and the main consumers' pause and resume calls: scripts/soak sets DEBUG
        "-Driskgate.test.consumer.log=" + System.getProperty("fault.consumer.log", "WARN"),
        "-cp", System.getProperty("java.class.path"), RiskgateCli.class.getName(),
        "run", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start instance " + name, e);
    }
  }

  /** /health/ready answers 200: Kafka Streams is RUNNING. */
  boolean ready() {
    HttpResponse<String> response = get("/health/ready");
    return response != null && response.statusCode() == 200;
  }

  /** The version of the ruleset this instance applies ({@code /api/ruleset}), null while it does not answer. */
  String rulesetVersion() {
    HttpResponse<String> response = get("/api/ruleset");
    if (response == null || response.statusCode() != 200) {
      return null;
    }
    try {
      return RecordJson.MAPPER.readTree(response.body()).path("version").asText(null);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable answer from " + name + ": " + response.body(), e);
    }
  }

  /** The answer of the instance's HTTP endpoint, or null while it is down or does not answer. */
  private HttpResponse<String> get(String path) {
    if (!alive()) {
      return null;
    }
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Writes what the instance is doing into its directory, for a run that stopped making progress: a thread dump
   * ({@code jcmd Thread.print}) and its /metrics (consumer lag and Streams task metrics).
   */
  void dumpDiagnostics(String label) {
    if (!alive()) {
      return;
    }
    Path dir = config.getParent();
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
          String.valueOf(process.pid()), "Thread.print")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve(name + "-" + label + "-threads.txt").toFile())
          .start();
      jcmd.waitFor(30, TimeUnit.SECONDS);
      HttpResponse<String> metrics = get("/metrics");
      if (metrics != null) {
        Files.writeString(dir.resolve(name + "-" + label + "-metrics.txt"), metrics.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot take diagnostics of " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lines of the instance's log that contain {@code text}, prefixed with the instance's name. */
  List<String> logLinesContaining(String text) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text)).map(line -> name + ": " + line).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no commit, no leave-group; the broker notices by session time-out. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the shutdown hook closes Kafka Streams cleanly. */
  void stop() throws InterruptedException {
    if (!alive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(45, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }


  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
