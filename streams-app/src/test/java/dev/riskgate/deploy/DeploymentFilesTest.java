package dev.riskgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.riskgate.config.ConfigLoader;
import dev.riskgate.config.KafkaSettingNames;
import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.runtime.http.HttpEndpoints;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine on the build machines, so the deployment files are checked statically: docker/compose.yaml, every
 * docker/k8s/*.yaml and docker/Dockerfile against the app's configuration keys, endpoints and each other. A renamed
 * key, a moved endpoint or a misspelt service fails here instead of in someone's cluster.
 */
class DeploymentFilesTest {
  private static final String RISKGATE_IMAGE = "riskgate:0.1.0";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static Path docker;
  private static JsonNode compose;
  private static List<JsonNode> k8s;

  @BeforeAll
  static void readFiles() throws IOException {
    // surefire runs in the module directory; the deployment files sit beside it
    docker = Path.of("").toAbsolutePath().getParent().resolve("docker");
    assertThat(docker.resolve("compose.yaml")).isRegularFile();
    compose = YAML.readTree(docker.resolve("compose.yaml").toFile());
    k8s = new ArrayList<>();
    try (Stream<Path> files = Files.list(docker.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var docs = YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(file.toFile()))) {
          docs.readAll().stream().map(JsonNode.class::cast).filter(d -> !d.isNull()).forEach(k8s::add);
        }
      }
    }
    assertThat(k8s).extracting(d -> d.path("kind").asText())
        .contains("StatefulSet", "Service", "ConfigMap", "Secret", "PodDisruptionBudget");
  }

  // --- compose ------------------------------------------------------------------------------------------------------

  @Test
  void composeRunsThreeKraftBrokersARegistryTwoRiskgatesPrometheusAndGrafana() {
    assertThat(kafkaServices()).containsExactlyInAnyOrder("kafka-1", "kafka-2", "kafka-3");
    assertThat(riskgateServices()).containsExactlyInAnyOrder("riskgate-1", "riskgate-2");
    assertThat(image("schema-registry")).startsWith("confluentinc/cp-schema-registry:");
    assertThat(image("prometheus")).startsWith("prom/prometheus:");
    assertThat(image("grafana")).startsWith("grafana/grafana:");
    Set<String> voters = kafkaServices().stream()
        .map(s -> env(s).get("KAFKA_CONTROLLER_QUORUM_VOTERS")).collect(Collectors.toSet());
    assertThat(voters).hasSize(1);
    kafkaServices().forEach(s -> {
      Map<String, String> env = env(s);
      assertThat(voters.iterator().next()).contains(env.get("KAFKA_NODE_ID") + "@" + s + ":9093");
      assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://" + s + ":9092");
      assertThat(env.get("CLUSTER_ID")).isEqualTo(env(kafkaServices().get(0)).get("CLUSTER_ID"));
    });
  }

  @Test
  void composeRiskgateSettingsAreKnownToTheApp() {
    riskgateServices().forEach(service -> assertKnownSettings(service, env(service)));
  }

  @Test
  void composeRiskgatesReadTheComposeBrokersAndRegistry() {
    JsonNode registry = compose.path("services").path("schema-registry");
    String registryListener = env("schema-registry").get("SCHEMA_REGISTRY_LISTENERS");
    int registryPort = URI.create(registryListener).getPort();
    riskgateServices().forEach(service -> {
      Map<String, String> env = env(service);
      assertThat(hosts(env.get("RISKGATE_BOOTSTRAP_SERVERS"))).as(service + " bootstrap servers")
          .containsExactlyInAnyOrderElementsOf(kafkaServices());
      Arrays.stream(env.get("RISKGATE_BOOTSTRAP_SERVERS").split(","))
          .forEach(s -> assertThat(s).endsWith(":9092"));
      URI url = URI.create(env.get("RISKGATE_SCHEMA_REGISTRY_URL"));
      assertThat(url.getHost()).isIn("schema-registry", registry.path("hostname").asText());
      assertThat(url.getPort()).isEqualTo(registryPort);
      assertThat(hosts(env("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS").replace(
          "PLAINTEXT://", ""))).containsExactlyInAnyOrderElementsOf(kafkaServices());
    });
  }

  @Test
  void composeRiskgatesUseOneImageBuiltFromTheDockerfile() {
    riskgateServices().forEach(service -> assertThat(image(service)).isEqualTo(RISKGATE_IMAGE));
    List<JsonNode> builds = riskgateServices().stream().map(s -> compose.path("services").path(s).path("build"))
        .filter(b -> !b.isMissingNode()).toList();
    assertThat(builds).isNotEmpty().allSatisfy(build -> assertThat(
        docker.resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText()).normalize())
        .isRegularFile().isEqualTo(docker.resolve("Dockerfile")));
  }

  @Test
  void everyFileComposeMountsExists() {
    compose.path("services").properties().forEach(service -> service.getValue().path("volumes").forEach(volume -> {
      String source = volume.asText().split(":")[0];
      if (source.startsWith(".")) {
        assertThat(docker.resolve(source)).as(service.getKey() + " mounts " + source).exists();
      } else {
        assertThat(compose.path("volumes").has(source)).as(service.getKey() + " uses named volume " + source).isTrue();
      }
    }));
    assertThat(docker.resolve("prometheus.yml")).isRegularFile();
  }

  @Test
  void prometheusScrapesEveryRiskgateOnItsMetricsPortWithTheToken() throws IOException {
    JsonNode prometheus = YAML.readTree(docker.resolve("prometheus.yml").toFile());
    JsonNode job = findJob(prometheus, "riskgate");
    assertThat(job.path("metrics_path").asText()).isEqualTo(HttpEndpoints.METRICS_PATH);
    List<String> targets = new ArrayList<>();
    job.path("static_configs").forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
    assertThat(targets).containsExactlyInAnyOrderElementsOf(riskgateServices().stream()
        .map(s -> s + ":" + httpPort(env(s))).toList());
    // the token comes from the same variable the riskgates read, written where prometheus.yml reads it
    JsonNode service = compose.path("services").path("prometheus");
    assertThat(service.path("environment").path("RISKGATE_HTTP_TOKEN").asText()).startsWith("${RISKGATE_HTTP_TOKEN");
    String file = job.path("authorization").path("credentials_file").asText();
    assertThat(service.path("entrypoint").toString()).contains(">" + file, "$$RISKGATE_HTTP_TOKEN");
    riskgateServices().forEach(s -> assertThat(env(s).get("RISKGATE_HTTP_TOKEN")).startsWith("${RISKGATE_HTTP_TOKEN"));
  }

  @Test
  void grafanaIsProvisionedWithTheDashboardOnThePrometheusDatasource() throws IOException {
    JsonNode datasources = YAML.readTree(docker.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile());
    JsonNode datasource = datasources.path("datasources").get(0);
    assertThat(URI.create(datasource.path("url").asText()).getHost()).isEqualTo("prometheus");
    JsonNode providers = YAML.readTree(docker.resolve("grafana/provisioning/dashboards/riskgate.yaml").toFile());
    String dashboardsInContainer = providers.path("providers").get(0).path("options").path("path").asText();
    assertThat(compose.path("services").path("grafana").path("volumes")).extracting(JsonNode::asText)
        .contains("./grafana/dashboards:" + dashboardsInContainer + ":ro");

    JsonNode dashboard = new ObjectMapper().readTree(docker.resolve("grafana/dashboards/riskgate.json").toFile());
    List<String> expressions = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> {
      assertThat(panel.path("datasource").path("uid").asText()).isEqualTo(datasource.path("uid").asText());
      panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
    });
    // decisions throughput, consumer lag and the JVM, from meters the app exports (see HttpEndpointsIT)
    assertThat(String.join("\n", expressions)).contains("kafka_producer_topic_record_send_total{topic=~\".*decisions\"}",
        "kafka_consumer_fetch_manager_records_lag_max", "kafka_stream_thread_process_rate", "jvm_memory_used_bytes",
        "jvm_gc_pause_seconds");
    // the screening meters (ScreeningMeters): decisions by outcome and reason, latency histogram, dead letters, ruleset
    assertThat(String.join("\n", expressions)).contains("riskgate_decisions_total", "riskgate_decision_reasons_total",
        "riskgate_decision_latency_seconds_bucket", "riskgate_dead_letters_total", "riskgate_ruleset_active");
  }

  // --- Dockerfile ---------------------------------------------------------------------------------------------------

  @Test
  void dockerfileRunsAsNonRootWithStateVolumeAndLivenessHealthcheck() throws IOException {
    String dockerfile = Files.readString(docker.resolve("Dockerfile"));
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(RISKGATE_[A-Z_]+)=(\\S+)").matcher(dockerfile.replaceAll("(?m)^#.*$", ""));
    while (m.find()) {
      env.put(m.group(1), m.group(2));
    }
    assertKnownSettings("Dockerfile", env);
    assertThat(env).containsEntry("RISKGATE_HTTP_HOST", "0.0.0.0").containsKey("RISKGATE_STATE_DIR");
    assertThat(dockerfile).contains("VOLUME " + env.get("RISKGATE_STATE_DIR"), "EXPOSE " + httpPort(env),
        HttpEndpoints.LIVE_PATH, "FROM maven:", "FROM eclipse-temurin:17-jre", "RISKGATE_HTTP_TOKEN");
    Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
    assertThat(user.find()).isTrue();
    assertThat(user.group(1)).doesNotStartWith("0").isNotEqualTo("root");
    assertThat(Pattern.compile("(?m)^HEALTHCHECK ").matcher(dockerfile).find()).isTrue();
  }

  // --- Kubernetes ---------------------------------------------------------------------------------------------------

  @Test
  void statefulSetProbesTheAppsEndpointsOnItsConfiguredPort() throws IOException {
    JsonNode container = container();
    int configuredPort = k8sConfig().http().port();
    JsonNode httpPort = findByName(container.path("ports"), "http");
    assertThat(httpPort.path("containerPort").asInt()).isEqualTo(configuredPort);
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo(HttpEndpoints.LIVE_PATH);
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo(HttpEndpoints.READY_PATH);
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      JsonNode port = container.path(probe).path("httpGet").path("port");
      assertThat(port.isInt() ? port.asInt() : findByName(container.path("ports"), port.asText()).path("containerPort")
          .asInt()).as(probe).isEqualTo(configuredPort);
    }
    JsonNode annotations = statefulSet().path("spec").path("template").path("metadata").path("annotations");
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(HttpEndpoints.METRICS_PATH);
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(configuredPort));
  }

  @Test
  void statefulSetKeepsStateOnAVolumeClaimWhereTheConfigPutsIt() throws IOException {
    JsonNode claim = statefulSet().path("spec").path("volumeClaimTemplates").get(0);
    JsonNode mount = findByName(container().path("volumeMounts"), claim.path("metadata").path("name").asText());
    assertThat(mount.path("mountPath").asText()).isEqualTo(k8sConfig().stateDir().toString());
    assertThat(statefulSet().path("spec").path("template").path("spec").path("securityContext")
        .path("runAsNonRoot").asBoolean()).isTrue();
    long grace = statefulSet().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds")
        .asLong();
    assertThat(grace).as("time for a clean close on SIGTERM").isGreaterThan(k8sConfig().shutdownTimeout()
        .toSeconds());
  }

  @Test
  void statefulSetReferencesResourcesThatExist() {
    JsonNode spec = statefulSet().path("spec");
    JsonNode headless = resource("Service", spec.path("serviceName").asText());
    assertThat(headless.path("spec").path("clusterIP").asText()).isEqualTo("None");
    JsonNode podLabels = spec.path("template").path("metadata").path("labels");
    assertThat(spec.path("selector").path("matchLabels")).isEqualTo(podLabels);
    assertThat(headless.path("spec").path("selector")).isEqualTo(podLabels);
    assertThat(resource("PodDisruptionBudget", null).path("spec").path("selector").path("matchLabels"))
        .isEqualTo(podLabels);
    spec.path("template").path("spec").path("volumes").forEach(volume -> {
      if (volume.has("configMap")) {
        resource("ConfigMap", volume.path("configMap").path("name").asText());
      }
    });
    container().path("env").forEach(env -> {
      JsonNode ref = env.path("valueFrom").path("secretKeyRef");
      if (!ref.isMissingNode()) {
        JsonNode secret = resource("Secret", ref.path("name").asText());
        assertThat(secret.path("stringData").has(ref.path("key").asText()) || secret.path("data").has(ref.path("key")
            .asText())).as("secret key " + ref).isTrue();
      }
    });
    assertThat(container().path("image").asText()).isEqualTo(RISKGATE_IMAGE);
  }

  @Test
  void k8sSettingsAreKnownAndTheConfigMapIsAValidConfiguration() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    container().path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    assertKnownSettings("StatefulSet", env);
    RiskgateConfig config = k8sConfig();
    assertThat(config.http().host()).isEqualTo("0.0.0.0");
    assertThat(config.topicReplicationFactor()).isEqualTo((short) 3);
    List<String> args = new ArrayList<>();
    container().path("args").forEach(a -> args.add(a.asText()));
    String mountPath = findByName(container().path("volumeMounts"), "config").path("mountPath").asText();
    assertThat(args).containsExactly("run", "--config", mountPath + "/riskgate.properties");
  }

  // --- helpers ------------------------------------------------------------------------------------------------------

  /** Every RISKGATE_* names a riskgate key, every KAFKA_* a Kafka client setting: nothing silently ignored. */
  private static void assertKnownSettings(String where, Map<String, String> env) {
    env.keySet().forEach(name -> {
      if (name.startsWith("RISKGATE_")) {
        assertThat(ConfigLoader.KEYS).as(where + ": " + name).containsKey(ConfigLoader.settingOfVariable(name));
      } else if (name.startsWith("KAFKA_")) {
        assertThat(KafkaSettingNames.contains(name.substring(6).toLowerCase().replace('_', '.')))
            .as(where + ": " + name + " is a Kafka client setting").isTrue();
      }
    });
  }

  /** The ConfigMap's riskgate.properties, loaded as the pod loads it (token from the Secret, via the environment). */
  private static RiskgateConfig k8sConfig() throws IOException {
    String properties = resource("ConfigMap", "riskgate-config").path("data").path("riskgate.properties").asText();
    Path file = Files.createTempFile("riskgate-k8s", ".properties");
    try {
      Files.writeString(file, properties);
      return ConfigLoader.load(file, Map.of("RISKGATE_HTTP_TOKEN", "from-secret"), Map.of());
    } finally {
      Files.delete(file);
    }
  }

  private static List<String> kafkaServices() {
    return servicesWithImage("apache/kafka:");
  }

  private static List<String> riskgateServices() {
    return servicesWithImage("riskgate:");
  }

  private static List<String> servicesWithImage(String prefix) {
    List<String> names = new ArrayList<>();
    compose.path("services").properties().forEach(e -> {
      if (e.getValue().path("image").asText().startsWith(prefix)) {
        names.add(e.getKey());
      }
    });
    return names;
  }

  private static String image(String service) {
    return compose.path("services").path(service).path("image").asText();
  }

  private static Map<String, String> env(String service) {
    Map<String, String> env = new HashMap<>();
    compose.path("services").path(service).path("environment").properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static int httpPort(Map<String, String> env) {
    return Integer.parseInt(env.getOrDefault("RISKGATE_HTTP_PORT", ConfigLoader.KEYS.get("http.port")[0]));
  }

  private static List<String> hosts(String servers) {
    return Arrays.stream(servers.split(",")).map(s -> s.trim().split(":")[0]).toList();
  }

  private static JsonNode findJob(JsonNode prometheus, String name) {
    for (JsonNode job : prometheus.path("scrape_configs")) {
      if (job.path("job_name").asText().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("no scrape job " + name);
  }

  private static JsonNode findByName(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("name").asText().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("nothing named " + name + " in " + list);
  }

  private static JsonNode statefulSet() {
    return resource("StatefulSet", "riskgate");
  }

  private static JsonNode container() {
    return findByName(statefulSet().path("spec").path("template").path("spec").path("containers"), "riskgate");
  }

  /** The one k8s resource of that kind (and name, when given). */
  private static JsonNode resource(String kind, String name) {
    List<JsonNode> found = k8s.stream().filter(d -> d.path("kind").asText().equals(kind))
        .filter(d -> name == null || d.path("metadata").path("name").asText().equals(name)).toList();
    assertThat(found).as(kind + " " + (name == null ? "" : name)).hasSize(1);
    return found.get(0);
  }
}
