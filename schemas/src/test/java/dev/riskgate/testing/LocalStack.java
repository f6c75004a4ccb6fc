package dev.riskgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.testcontainers.DockerClientFactory;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker and Apicurio Registry for integration tests: the images docker/compose.yaml names run as
 * containers by Testcontainers when a Docker engine answers ({@link StackContainers}), else local processes run by
 * {@code scripts/stack}; {@code LOCAL_STACK=containers|processes} insists on one. A stack with a SASL_SSL listener
 * always runs as processes. Either way the same ports on
 * 127.0.0.1, so a test does not know which. Each stack has its own directory under {@code target/local-stack} and
 * free ports, so tests and parallel builds do not collide. Processes and containers are stopped by {@link #close()},
 * by a JVM shutdown hook, and (processes) by the stale-stack sweep the next test JVM does on start.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final long SCRIPT_TIMEOUT_SECONDS = 300; // a cold start resolves 170 MB from Maven Central
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final long OWNER_PID = ProcessHandle.current().pid();
  private static LocalStack shared;
  /** Auto mode: once a stack could not start as containers, the engine is taken to be of no use to these tests. */
  private static volatile boolean containersFailed;

  /** What a stack runs. {@code PERSISTENT} keeps schemas in the broker (kafkasql), surviving a registry restart. */
  public enum Mode { BROKER_AND_REGISTRY, REGISTRY_ONLY, PERSISTENT }

  /** A SASL_SSL listener beside PLAINTEXT: TLS with this PKCS12 key store, one SCRAM-SHA-512 user. */
  public record SaslSsl(Path keystore, String keystorePassword, String user, String password) {}

  private final Mode mode;
  private final Path script;
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final int kafkaPort;
  private final int registryPort;
  private final int saslSslPort;
  private final Thread shutdownHook;
  private boolean closed;
  /** Set when this stack runs as containers. */
  private org.testcontainers.containers.Network network;
  private org.testcontainers.containers.GenericContainer<?> brokerContainer;
  private org.testcontainers.containers.GenericContainer<?> registryContainer;

  private LocalStack(Mode mode, Path script, Path dir) {
    this.mode = mode;
    this.script = script;
    this.dir = dir;
    List<Integer> ports = freePorts(5);
    this.kafkaPort = ports.get(0);
    this.registryPort = ports.get(2);
    this.saslSslPort = ports.get(4);
    env.put("RISKGATE_STACK_DIR", dir.toString());
    env.put("KAFKA_PORT", String.valueOf(kafkaPort));
    env.put("KAFKA_CONTROLLER_PORT", String.valueOf(ports.get(1)));
    env.put("REGISTRY_PORT", String.valueOf(registryPort));
    env.put("REGISTRY_MGMT_PORT", String.valueOf(ports.get(3)));
    // in-memory registry starts in 3-6 s instead of 16-26 s; only PERSISTENT tests need schemas to survive a restart
    env.put("REGISTRY_STORAGE", mode == Mode.PERSISTENT ? "kafkasql" : "mem");
    this.shutdownHook = new Thread(this::stopQuietly, "local-stack-down-" + dir.getFileName());
  }

  /** The stack shared by every test of this JVM (broker and in-memory registry), started on first use. */
  public static synchronized LocalStack shared() {
    if (shared == null) {
      shared = start(Mode.BROKER_AND_REGISTRY, "shared-" + OWNER_PID);
    }
    return shared;
  }

  /** A private stack for a test that stops or breaks things; close it when done. */
  public static LocalStack startNew(boolean registryOnly) {
    return startNew(registryOnly ? Mode.REGISTRY_ONLY : Mode.BROKER_AND_REGISTRY);
  }

  public static LocalStack startNew(Mode mode) {
    return start(mode, "stack-" + OWNER_PID + "-" + COUNTER.incrementAndGet());
  }

  /** A private broker (and in-memory registry) that also listens with SASL_SSL; close it when done. */
  public static LocalStack startSecured(SaslSsl security) {
    return start(Mode.BROKER_AND_REGISTRY, "stack-" + OWNER_PID + "-" + COUNTER.incrementAndGet(), security);
  }

  private static LocalStack start(Mode mode, String name) {
    return start(mode, name, null);
  }

  private static LocalStack start(Mode mode, String name, SaslSsl security) {
    logExecutionMode();
    Path script = findScript();
    Path root = Path.of(System.getProperty("user.dir"), "target", "local-stack").toAbsolutePath();
    sweepStaleStacks(script, root);
    LocalStack stack = new LocalStack(mode, script, root.resolve(name));
    if (security != null) {
      stack.env.put("SASL_SSL_PORT", String.valueOf(stack.saslSslPort));
      stack.env.put("SSL_KEYSTORE", security.keystore().toAbsolutePath().toString());
      stack.env.put("SSL_KEYSTORE_PASSWORD", security.keystorePassword());
      stack.env.put("SCRAM_USERS", security.user() + "=" + security.password());
    }
    try {
      Files.createDirectories(stack.dir);
      Files.writeString(stack.dir.resolve("owner.pid"), String.valueOf(OWNER_PID));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    long started = System.nanoTime();
    String choice = System.getenv().getOrDefault("LOCAL_STACK", "auto");
    if (security == null && !choice.equals("processes") && (choice.equals("containers")
        || (!containersFailed && DockerClientFactory.instance().isDockerAvailable()))) {
      try {
        stack.startContainers();
        log.info("Stack {} ({}) up as containers in {} ms: bootstrap {}, registry {}", name, mode,
            (System.nanoTime() - started) / 1_000_000, mode == Mode.REGISTRY_ONLY ? "-" : stack.bootstrapServers(),
            stack.registryUrl());
        return stack;
      } catch (RuntimeException e) {
        if (choice.equals("containers")) {
          throw e;
        }
        // chosen only because an engine answered: one that cannot run the stack is no engine for these tests
        log.warn("Stack {} could not start as containers; this and every later stack of this JVM run as local "
            + "processes: {}", name, e.toString());
        containersFailed = true;
        stack.network = null;
        stack.brokerContainer = null;
        stack.registryContainer = null;
        stack.closed = false;
      }
    }
    String command = mode == Mode.REGISTRY_ONLY ? "start-registry" : "up";
    try {
      stack.run(command);
    } catch (RuntimeException first) {
      // seen once on a fresh clone: the broker exited during its first start while the registry unpacked beside
      // it; a second attempt came up. Keep the failed attempt's logs (the script truncates them on start).
      log.warn("Local stack {} did not come up, trying once more: {}", name, first.getMessage());
      stack.keepLogsOfFailedAttempt();
      try {
        stack.run("down");
        stack.run(command);
      } catch (RuntimeException second) {
        second.addSuppressed(first);
        stack.stopQuietly();
        throw second;
      }
    }
    log.info("Local stack {} ({}) up in {} ms: bootstrap {}, registry {}", name, mode,
        (System.nanoTime() - started) / 1_000_000, mode == Mode.REGISTRY_ONLY ? "-" : stack.bootstrapServers(),
        stack.registryUrl());
    return stack;
  }

  public String bootstrapServers() {
    if (mode == Mode.REGISTRY_ONLY) {
      throw new IllegalStateException("this stack runs no broker (started registry-only)");
    }
    return "127.0.0.1:" + kafkaPort;
  }

  /** The SASL_SSL listener of a stack started with {@link #startSecured}. */
  public String saslSslBootstrapServers() {
    if (!env.containsKey("SASL_SSL_PORT")) {
      throw new IllegalStateException("this stack has no SASL_SSL listener (start it with startSecured)");
    }
    return "127.0.0.1:" + saslSslPort;
  }

  /** Base URL of the Confluent-compatible API, for {@code schema.registry.url}. */
  public String registryUrl() {
    return "http://127.0.0.1:" + registryPort + "/apis/ccompat/v7";
  }

  public Mode mode() {
    return mode;
  }

  /** A clean broker stop (SIGTERM); its data stays, so {@link #startBroker()} brings the same cluster back. */
  public void stopBroker() {
    if (brokerContainer != null) {
      StackContainers.stop(brokerContainer);
    } else {
      run("stop-broker");
    }
  }

  public void startBroker() {
    if (brokerContainer != null) {
      StackContainers.restart(brokerContainer, () -> StackContainers.brokerAnswers(bootstrapServers()));
    } else {
      run("start-broker");
    }
  }

  public void stopRegistry() {
    if (registryContainer != null) {
      StackContainers.stop(registryContainer);
    } else {
      run("stop-registry");
    }
  }

  public void startRegistry() {
    if (registryContainer != null) {
      StackContainers.restart(registryContainer, () -> StackContainers.registryAnswers(registryUrl()));
    } else {
      run("start-registry");
    }
  }

  /** Where the broker and registry logs are (of containers: written there now), to scan or attach to a failure. */
  public Path logDirectory() {
    Path logs = dir.resolve("logs");
    if (network != null) {
      try {
        Files.createDirectories(logs);
        if (brokerContainer != null) {
          Files.writeString(logs.resolve("broker.log"), brokerContainer.getLogs());
        }
        Files.writeString(logs.resolve("registry.log"), registryContainer.getLogs());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return logs;
  }

  private void startContainers() {
    network = org.testcontainers.containers.Network.newNetwork();
    try {
      if (mode != Mode.REGISTRY_ONLY) {
        brokerContainer = StackContainers.broker(network, kafkaPort);
        brokerContainer.start();
      }
      registryContainer = StackContainers.registry(network, registryPort, mode == Mode.PERSISTENT);
      registryContainer.start();
      // kafkasql storage answers only once it has read its journal, after the server says it listens
      StackContainers.awaitAnswer(registryContainer, () -> StackContainers.registryAnswers(registryUrl()));
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (this == shared) {
      return; // the shared stack lives until the JVM exits
    }
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or about to: nothing to remove
    }
  }

  private void keepLogsOfFailedAttempt() {
    Path logs = dir.resolve("logs");
    Path kept = dir.resolve("logs-failed-attempt");
    try (Stream<Path> files = Files.isDirectory(logs) ? Files.list(logs) : Stream.empty()) {
      Files.createDirectories(kept);
      for (Path file : files.toList()) {
        Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.warn("Could not keep the logs of the failed attempt: {}", e.getMessage());
    }
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    if (network != null) {
      for (var container : java.util.Arrays.asList(registryContainer, brokerContainer)) {
        try {
          if (container != null) {
            container.stop();
          }
        } catch (RuntimeException e) {
          log.warn("Could not stop container {} of {}: {}", container.getDockerImageName(), dir, e.toString());
        }
      }
      try {
        network.close();
      } catch (RuntimeException e) {
        log.warn("Could not remove the network of {}: {}", dir, e.toString());
      }
      return;
    }
    try {
      run("down");
    } catch (RuntimeException e) {
      log.warn("Could not stop local stack in {}: {}", dir, e.getMessage());
    }
  }

  /** Runs a scripts/stack command; its output goes to stack-cli.log, its tail into the exception on failure. */
  private void run(String command) {
    Path cliLog = dir.resolve("stack-cli.log");
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(cliLog.toFile()));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("scripts/stack " + command + " did not finish in " + SCRIPT_TIMEOUT_SECONDS
            + " s; see " + cliLog + "\n" + tail(cliLog));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("scripts/stack " + command + " failed (exit " + process.exitValue()
            + "); logs in " + dir + "\n" + tail(cliLog));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running scripts/stack " + command, e);
    }
  }

  /** Stops stacks whose owning test JVM is gone (killed before its shutdown hook ran) and deletes them. */
  private static void sweepStaleStacks(Path script, Path root) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path stale : dirs.filter(d -> !ownerAlive(d)).toList()) {
        log.info("Stopping stale local stack {} left by a test JVM that is gone", stale);
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "down")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("RISKGATE_STACK_DIR", stale.toString());
        builder.start().waitFor(60, TimeUnit.SECONDS);
        deleteTree(stale);
      }
    } catch (IOException e) {
      log.warn("Could not sweep stale stacks in {}: {}", root, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean ownerAlive(Path stackDir) {
    try {
      long owner = Long.parseLong(Files.readString(stackDir.resolve("owner.pid")).trim());
      return ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void logExecutionMode() {
    log.info("Local stacks: LOCAL_STACK={} (auto: containers when a Docker engine answers, else local processes)",
        System.getenv().getOrDefault("LOCAL_STACK", "auto"));
  }

  /** Walks up from the working directory (a module under surefire) to the checkout holding scripts/stack. */
  private static Path findScript() {
    for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("scripts").resolve("stack");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("scripts/stack not found above " + System.getProperty("user.dir"));
  }

  private static List<Integer> freePorts(int count) {
    // all sockets held open together so the ports differ; a small race with other processes remains, and the
    // script then fails with a clear "port already taken" message
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("No free local port", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a listening socket we own
        }
      }
    }
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
