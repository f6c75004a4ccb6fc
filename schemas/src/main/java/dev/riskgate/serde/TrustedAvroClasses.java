package dev.riskgate.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to load any generated class it does not trust (ClassSecurityValidator), so without this every
 * serialize/deserialize of a riskgate record fails with "Forbidden dev.riskgate.schema.Transaction!". We trust
 * exactly the generated contract package, keeping Avro's defaults and its system-property lists for the rest,
 * instead of asking every JVM (app, tests, tools) to set org.apache.avro.SERIALIZABLE_PACKAGES.
 */
public final class TrustedAvroClasses {
  /** Package of the classes generated from src/main/avro. */
  public static final String CONTRACT_PACKAGE = "dev.riskgate.schema";

  private static boolean installed;

  private TrustedAvroClasses() {}

  /** Adds the contract package to Avro's global trust list; idempotent and cheap after the first call. */
  public static synchronized void ensureContractTrusted() {
    if (installed) {
      return;
    }
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
        type -> CONTRACT_PACKAGE.equals(type.getPackageName())));
    installed = true;
  }
}
