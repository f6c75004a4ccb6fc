import org.HdrHistogram.Histogram;

/** One line per rate: percentiles in milliseconds, and whether the app (or the sender) kept up. */
final class LatencyReport {
  private LatencyReport() {}

  static String line(String guarantee, OpenLoopLatency.Result r) {
    Histogram h = r.micros();
    String kept = r.stoppedEarly()
        ? String.format("; FELL BEHIND: sending stopped after %,d of %,d (backlog over the limit)", r.sent(),
            r.planned())
        : "";
    return String.format("%s at %,d tx/s: p50 %s  p99 %s  p99.9 %s  max %s ms (%,d measured, %,d decided; sender "
        + "lagged up to %.1f ms)%s", guarantee, r.rate(), ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), h.getTotalCount(),
        r.decided(), r.maxSenderLagMs(), kept);
  }

  private static String ms(long micros) {
    return String.format("%.1f", micros / 1000.0);
  }
}
