package dev.riskgate.cli;

import java.util.Arrays;
import java.util.Iterator;

/**
 * The constants of an enum option, for picocli's completion candidates. Given this way, not left to picocli: it reads
 * the constants of every enum option of every command as it builds the command line, and the Avro enums' constants
 * come with their schema parsed by Avro (which starts Jackson and logging): half of {@code riskgate --help}'s time.
 * Here the constants are read only when a help text or a completion asks for them.
 */
abstract class EnumNames implements Iterable<String> {
  private final Class<? extends Enum<?>> type;

  EnumNames(Class<? extends Enum<?>> type) {
    this.type = type;
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).iterator();
  }

  static final class Outcomes extends EnumNames {
    Outcomes() {
      super(dev.riskgate.schema.Outcome.class);
    }
  }

  static final class ReasonCodes extends EnumNames {
    ReasonCodes() {
      super(dev.riskgate.schema.ReasonCode.class);
    }
  }

  static final class ErrorKinds extends EnumNames {
    ErrorKinds() {
      super(dev.riskgate.schema.ErrorKind.class);
    }
  }
}
