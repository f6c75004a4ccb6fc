package dev.riskgate.features;

/** Counting distinct values (card or terminal hashes) in a small array, without a set's allocations. */
final class DistinctInts {
  private DistinctInts() {}

  /**
   * Adds {@code value} to the first {@code count} of {@code seen} unless there already; returns the new count. A scan:
   * for the short rings of a card or a merchant.
   */
  static int add(int[] seen, int count, int value) {
    for (int i = 0; i < count; i++) {
      if (seen[i] == value) {
        return count;
      }
    }
    seen[count] = value;
    return count + 1;
  }

  /**
   * Distinct values among the first {@code n}, through an open-addressing table of ints: for arrays too long for
   * {@link #add}'s scan (an area's ring of 256; boxed sets cost ~12 us a payment there, twice).
   */
  static int count(int[] values, int n) {
    int[] table = new int[Integer.highestOneBit(Math.max(n, 1)) << 2]; // over twice n: short probes
    int mask = table.length - 1;
    int shift = Integer.numberOfLeadingZeros(mask); // the product's top bits: Fibonacci hashing
    int count = 0;
    boolean zero = false; // 0 marks an empty slot, so a hash of 0 is counted apart
    for (int i = 0; i < n; i++) {
      int value = values[i];
      if (value == 0) {
        zero = true;
        continue;
      }
      int slot = (value * 0x9E3779B9) >>> shift;
      while (table[slot] != 0 && table[slot] != value) {
        slot = (slot + 1) & mask;
      }
      if (table[slot] == 0) {
        table[slot] = value;
        count++;
      }
    }
    return count + (zero ? 1 : 0);
  }
}
