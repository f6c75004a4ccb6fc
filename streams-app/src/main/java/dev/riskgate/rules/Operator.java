package dev.riskgate.rules;

/** How a rule compares the feature's value with its threshold(s). */
public enum Operator {
  GT(">"), GTE(">="), LT("<"), LTE("<="), EQ("=="), NEQ("!="), BETWEEN("between");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public static Operator bySymbol(String symbol) {
    for (Operator o : values()) {
      if (o.symbol.equals(symbol)) {
        return o;
      }
    }
    return null;
  }

  /** {@code high} is only read by BETWEEN (inclusive at both ends). */
  boolean holds(double value, double threshold, double high) {
    return switch (this) {
      case GT -> value > threshold;
      case GTE -> value >= threshold;
      case LT -> value < threshold;
      case LTE -> value <= threshold;
      case EQ -> value == threshold;
      case NEQ -> value != threshold;
      case BETWEEN -> value >= threshold && value <= high;
    };
  }
}
