package dev.riskgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * docker/k8s read as the Kubernetes API's own types (the fabric8 model, generated from the API's OpenAPI schema):
 * every field must be one the API knows, with a value of its type, and each document of the kind and apiVersion it
 * says. Where no API server runs, this is the schema check `kubectl apply --dry-run=client` would need one for.
 */
class KubernetesManifestsTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Map<String, Class<?>> TYPES = Map.of(
      "apps/v1 StatefulSet", StatefulSet.class,
      "v1 Service", Service.class,
      "v1 ConfigMap", ConfigMap.class,
      "v1 Secret", Secret.class,
      "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class);

  @TestFactory
  Stream<DynamicTest> everyFieldOfEveryManifestIsOneTheKubernetesApiKnows() throws Exception {
    Path dir = Path.of("").toAbsolutePath().getParent().resolve("docker/k8s");
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (var docs = YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(file.toFile()))) {
          for (Object doc : docs.readAll()) {
            JsonNode manifest = (JsonNode) doc;
            String type = manifest.path("apiVersion").asText() + " " + manifest.path("kind").asText();
            tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + type, () -> {
              assertThat(TYPES).as("a kind and apiVersion this check knows").containsKey(type);
              Object typed = YAML.treeToValue(manifest, TYPES.get(type));
              List<String> unknown = new ArrayList<>();
              unknownFields(typed, type, unknown, new IdentityHashMap<>());
              assertThat(unknown).as("fields the Kubernetes API does not know").isEmpty();
            }));
          }
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(TYPES.size());
    return tests.stream();
  }

  /**
   * The model keeps a field it does not know in the object's additionalProperties instead of refusing it: every
   * such entry, anywhere in the tree, is a misspelt or misplaced field.
   */
  private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Object> seen)
      throws Exception {
    if (value == null || seen.put(value, value) != null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        unknownFields(e.getValue(), path + "." + e.getKey(), unknown, seen);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
        continue;
      }
      Object field = getter.invoke(value);
      if (getter.getName().equals("getAdditionalProperties")) {
        ((Map<?, ?>) field).keySet().forEach(key -> unknown.add(path + "." + key));
      } else {
        unknownFields(field, path + "." + getter.getName().substring(3), unknown, seen);
      }
    }
  }
}
