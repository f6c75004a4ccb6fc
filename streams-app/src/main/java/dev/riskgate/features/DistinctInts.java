package dev.riskgate.features;

/** Counting distinct values (card or terminal hashes) in a small array, without a set's allocations. */
final class DistinctInts {
  private DistinctInts() {}

  /** Adds {@code value} to the first {@code count} of {@code seen} unless there already; returns the new count. */
  static int add(int[] seen, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (seen[i] == value) {
        return count;
      }
    }
    seen[count] = value;
    return count + 1;
  }
}
