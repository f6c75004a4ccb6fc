package dev.riskgate.features;

import java.util.LinkedHashMap;
import java.util.Map;

/** The feature values of one transaction: a flat array indexed by {@link Feature}, cheap to fill and read. */
public final class FeatureVector {
  private static final Feature[] FEATURES = Feature.values();
  private final double[] values = new double[FEATURES.length];

  public double get(Feature feature) {
    return values[feature.ordinal()];
  }

  public void set(Feature feature, double value) {
    values[feature.ordinal()] = value;
  }

  /** Snapshot for the audit event, by ruleset name. */
  public Map<String, Double> asMap() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Feature f : FEATURES) {
      out.put(f.featureName(), values[f.ordinal()]);
    }
    return out;
  }
}
