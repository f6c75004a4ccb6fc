package dev.riskgate.features;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
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

  /** An independent copy: the values as they are now. */
  public FeatureVector copy() {
    FeatureVector copy = new FeatureVector();
    System.arraycopy(values, 0, copy.values, 0, values.length);
    return copy;
  }

  /**
   * Snapshot for the audit event, by ruleset name: a read-only map over a copy of the values, in {@link Feature}
   * order. Every decision carries one, so it is a view over two arrays rather than a hash map of boxed values.
   */
  public Map<String, Double> asMap() {
    return new FeatureSnapshot(values.clone());
  }

  private static final class FeatureSnapshot extends AbstractMap<String, Double> {
    private final double[] snapshot;

    FeatureSnapshot(double[] snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public int size() {
      return snapshot.length;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return snapshot.length;
        }

        @Override
        public Iterator<Entry<String, Double>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < snapshot.length;
            }

            @Override
            public Entry<String, Double> next() {
              if (next >= snapshot.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(FEATURES[i].featureName(), snapshot[i]);
            }
          };
        }
      };
    }
  }
}
