/**
 * Phases 2 and 4: sustained throughput over a pre-loaded backlog. Counts decisions as a read_committed consumer sees
 * them (under exactly-once: committed with their input offsets and state); the clock runs from the decision that
 * ends the warm-up to the last one, so start-up, restore and JIT warm-up stay out of the figure.
 */
final class DrainThroughput {
  /** {@code cpu}: app and broker CPU over the measured part, one line. */
  record Result(long measured, double seconds, double recordsPerSecond, double withWarmupPerSecond, String cpu) {}

  static Result follow(DecisionFeed feed, AppProcess app, long warmup, long total, java.time.Duration stall) {
    CpuAccount cpu = new CpuAccount(app.pid());
    String[] cpuLine = {"CPU: n/a"};
    long[] count = new long[1];
    long[] first = new long[1];
    long[] warm = new long[1];
    long[] last = new long[1];
    long[] nextReport = {0};
    feed.follow(record -> {
      long now = System.nanoTime();
      if (count[0] == 0) {
        first[0] = now;
        nextReport[0] = now + 5_000_000_000L;
      }
      count[0]++;
      if (count[0] == warmup) {
        warm[0] = now;
      }
      if (count[0] == Math.max(1, warmup)) {
        cpu.start(); // where the rate's clock starts (with no warm-up: the first decision)
      }
      if (count[0] == total) {
        last[0] = now;
        cpuLine[0] = cpu.since(total - warmup);
      }
      if (now >= nextReport[0]) {
        System.out.printf("    t=%3.0fs %,d of %,d decided%n", (now - first[0]) / 1e9, count[0], total);
        nextReport[0] += 5_000_000_000L;
      }
    }, () -> count[0] >= total, stall, app::requireAlive);
    long start = warmup == 0 ? first[0] : warm[0];
    double seconds = (last[0] - start) / 1e9;
    return new Result(total - warmup, seconds, (total - warmup) / seconds, total / ((last[0] - first[0]) / 1e9),
        cpuLine[0]);
  }
}
