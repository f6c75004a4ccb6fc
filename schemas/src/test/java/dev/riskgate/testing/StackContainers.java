package dev.riskgate.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The broker and the registry as containers: the Kafka image docker/compose.yaml names, configured as it configures
 * it, and Apicurio Registry (the registry the local processes run; compose names Confluent's), where images cannot be
 * pulled scripts/docker-engine's stand-ins under the upstream names. On a Docker network the broker is
 * {@code kafka:9092} and the registry {@code registry:8080}; from this machine they answer on the host ports given,
 * bound to 127.0.0.1.
 */
public final class StackContainers {
  public static final String KAFKA_IMAGE = "apache/kafka:4.4.0";
  public static final String REGISTRY_IMAGE = "apicurio/apicurio-registry:3.3.3";
  /** The registry's Confluent-compatible API inside the network. */
  public static final String REGISTRY_URL_IN_NETWORK = "http://registry:8080/apis/ccompat/v7";

  private StackContainers() {}

  /** A single-node KRaft broker, advertised to this machine as 127.0.0.1:{@code hostPort}. */
  public static GenericContainer<?> broker(Network network, int hostPort) {
    Map<String, String> env = new HashMap<>();
    env.put("CLUSTER_ID", "8CYOigk3QSmrJ8RHOQKasA");
    env.put("KAFKA_NODE_ID", "1");
    env.put("KAFKA_PROCESS_ROLES", "broker,controller");
    env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093");
    env.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
    env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT");
    env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT");
    env.put("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093,EXTERNAL://:" + hostPort);
    // clients on this machine reach the broker on a fixed host port, which is what it advertises to them
    env.put("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka:9092,EXTERNAL://127.0.0.1:" + hostPort);
    env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    env.put("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
    env.put("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    env.put("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
    env.put("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
    return new GenericContainer<>(DockerImageName.parse(KAFKA_IMAGE)).withNetwork(network)
        .withNetworkAliases("kafka").withEnv(env)
        .withCreateContainerCmdModifier(cmd -> cmd.withExposedPorts(new ExposedPort(hostPort)).getHostConfig()
            .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort),
                new ExposedPort(hostPort))))
        .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
  }

  /**
   * Apicurio Registry on 127.0.0.1:{@code hostPort}; {@code kafkasql}: its schemas kept in the broker (surviving a
   * registry restart), else in memory.
   */
  public static GenericContainer<?> registry(Network network, int hostPort, boolean kafkasql) {
    GenericContainer<?> registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE)).withNetwork(network)
        .withNetworkAliases("registry")
        .withCreateContainerCmdModifier(cmd -> cmd.withExposedPorts(new ExposedPort(8080)).getHostConfig()
            .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort),
                new ExposedPort(8080))))
        .waitingFor(Wait.forLogMessage(".*Listening on.*", 1).withStartupTimeout(Duration.ofMinutes(3)));
    if (kafkasql) {
      registry.withEnv("APICURIO_STORAGE_KIND", "kafkasql").withEnv("APICURIO_KAFKASQL_BOOTSTRAP_SERVERS", "kafka:9092");
    }
    return registry;
  }

  /** A clean stop (SIGTERM, then up to 20 s) that keeps the container and its data for {@link #restart}. */
  public static void stop(GenericContainer<?> container) {
    DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).withTimeout(20).exec();
  }

  /** Starts a container {@link #stop}ped before, with the same ports and data, and waits until it answers. */
  public static void restart(GenericContainer<?> container, java.util.function.BooleanSupplier answers) {
    DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    awaitAnswer(container, answers);
  }

  /** Waits up to 3 minutes until {@code answers}: a started process is not yet a service that answers. */
  public static void awaitAnswer(GenericContainer<?> container, java.util.function.BooleanSupplier answers) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!answers.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(container.getDockerImageName() + " did not answer within 3 minutes of its "
            + "start:\n" + container.getLogs());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
  }

  /** Whether the broker at {@code bootstrap} answers a metadata request. */
  public static boolean brokerAnswers(String bootstrap) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether the registry's Confluent API at {@code url} lists its subjects. */
  public static boolean registryAnswers(String url) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
          + "/subjects")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }
}
