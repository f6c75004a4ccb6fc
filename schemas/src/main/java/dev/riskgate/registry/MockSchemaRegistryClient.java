package dev.riskgate.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * In-process registry behind {@code mock://<scope>} URLs: for unit tests and the embedded default. Clients
 * with the same scope share schemas (like a serializer and a deserializer pointed at one registry); scopes
 * isolate parallel tests. Compatibility is BACKWARD, checked against the latest version, like Apicurio's global rule.
 */
public final class MockSchemaRegistryClient implements SchemaRegistryClient {
  private static final Map<String, Scope> SCOPES = new ConcurrentHashMap<>();

  private final String url;
  private final Scope scope;

  private MockSchemaRegistryClient(String url, Scope scope) {
    this.url = url;
    this.scope = scope;
  }

  public static MockSchemaRegistryClient forScope(String scope) {
    return new MockSchemaRegistryClient("mock://" + scope, SCOPES.computeIfAbsent(scope, s -> new Scope()));
  }

  /** Forgets every schema of a scope, for test isolation. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public int register(String subject, Schema schema) {
    synchronized (scope) {
      List<Schema> versions = scope.subjects.computeIfAbsent(subject, s -> new ArrayList<>());
      if (!versions.contains(schema)) {
        CompatibilityResult compatibility = checkCompatibility(subject, schema);
        if (!compatibility.compatible()) {
          throw new IncompatibleSchemaException(
              "Schema being registered is incompatible with subject '" + subject + "': " + compatibility.messages(),
              409,
              409);
        }
        versions.add(schema);
      }
      return scope.ids.computeIfAbsent(schema, s -> {
        int id = scope.byId.size() + 1;
        scope.byId.put(id, s);
        return id;
      });
    }
  }

  @Override
  public Schema schemaById(int id) {
    synchronized (scope) {
      Schema schema = scope.byId.get(id);
      if (schema == null) {
        throw new SchemaNotFoundException("Schema " + id + " not found in " + url, 404, 40403);
      }
      return schema;
    }
  }

  @Override
  public RegisteredSchema latest(String subject) {
    synchronized (scope) {
      List<Schema> versions = scope.subjects.get(subject);
      if (versions == null || versions.isEmpty()) {
        throw new SchemaNotFoundException("Subject '" + subject + "' not found in " + url, 404, 40401);
      }
      Schema schema = versions.get(versions.size() - 1);
      return new RegisteredSchema(subject, versions.size(), scope.ids.get(schema), schema);
    }
  }

  @Override
  public CompatibilityResult checkCompatibility(String subject, Schema schema) {
    synchronized (scope) {
      List<Schema> versions = scope.subjects.getOrDefault(subject, List.of());
      if (versions.isEmpty()) {
        return CompatibilityResult.ok();
      }
      // BACKWARD: the new schema must read data written with the latest one
      var check = SchemaCompatibility.checkReaderWriterCompatibility(schema, versions.get(versions.size() - 1));
      if (check.getType() == SchemaCompatibilityType.COMPATIBLE) {
        return CompatibilityResult.ok();
      }
      return new CompatibilityResult(false, List.of(check.getDescription()));
    }
  }

  @Override
  public String url() {
    return url;
  }

  private static final class Scope {
    final Map<String, List<Schema>> subjects = new HashMap<>();
    final Map<Schema, Integer> ids = new HashMap<>();
    final Map<Integer, Schema> byId = new HashMap<>();
  }
}
