package dev.riskgate.serde;

import dev.riskgate.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;

/**
 * Reads only some fields of Confluent wire-format records, as generic records: the rest of each record is skipped as
 * it is read, never decoded into strings, maps and objects. For a consumer that needs a few fields of a large record
 * (the rule evaluations' ids of a 2.6 KB audit event, not its features or transaction).
 */
public final class ProjectedAvroDeserializer extends AvroWireDeserializer<GenericRecord> {
  private final Schema projection;

  /** {@code projection}: from {@link #project}, of the schema the records are written with or a compatible one. */
  public ProjectedAvroDeserializer(SchemaRegistryClient registry, Schema projection) {
    super(registry);
    this.projection = projection;
  }

  @Override
  protected DatumReader<GenericRecord> readerOf(Schema writer, String topic, int schemaId) {
    return new GenericDatumReader<>(writer, projection);
  }

  /**
   * {@code record} with only the fields named by {@code paths} ("decision.outcome"; a path through an array or a
   * nullable field goes on into its record: "rules.ruleId"), each keeping its own schema, names and namespaces, so
   * that Avro's schema resolution maps the writer's fields onto it and skips the others.
   */
  public static Schema project(Schema record, String... paths) {
    Map<String, List<String>> byField = new LinkedHashMap<>();
    for (String path : paths) {
      int dot = path.indexOf('.');
      String field = dot < 0 ? path : path.substring(0, dot);
      List<String> rest = byField.computeIfAbsent(field, f -> new ArrayList<>());
      if (dot >= 0) {
        rest.add(path.substring(dot + 1));
      }
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byField.entrySet()) {
      Schema.Field field = record.getField(e.getKey());
      if (field == null) {
        throw new IllegalArgumentException(record.getFullName() + " has no field " + e.getKey());
      }
      Schema type = e.getValue().isEmpty() ? field.schema() : inside(field.schema(), e.getValue());
      fields.add(new Schema.Field(field.name(), type, field.doc(), field.defaultVal()));
    }
    return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  private static Schema inside(Schema type, List<String> paths) {
    String[] rest = paths.toArray(String[]::new);
    return switch (type.getType()) {
      case RECORD -> project(type, rest);
      case ARRAY -> Schema.createArray(inside(type.getElementType(), paths));
      case UNION -> Schema.createUnion(type.getTypes().stream()
          .map(branch -> branch.getType() == Schema.Type.NULL ? branch : inside(branch, paths)).toList());
      default -> throw new IllegalArgumentException("cannot project into a " + type.getType() + ": " + paths);
    };
  }
}
