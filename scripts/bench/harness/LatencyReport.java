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
        r.decided(), r.maxSenderLagMs(), kept) + tiny(h, r.tinyMicros()) + slowSeconds(r);
  }

  /** The seconds of the schedule in which a decision came over 250 ms late: whether stalls come at a period. */
  private static String slowSeconds(OpenLoopLatency.Result r) {
    StringBuilder seconds = new StringBuilder();
    for (int second = 0; second < r.perSecond().length; second++) {
      if (r.perSecond()[second][1] > 250) {
        seconds.append(seconds.length() == 0 ? "" : ",").append(second).append(':').append(r.perSecond()[second][1]);
      }
    }
    return seconds.length() == 0 ? "" : "; seconds with a decision over 250 ms (s:ms) " + seconds;
  }

  /** Tiny payments (decided by their area, one hop further) apart: how much of the tail is theirs. */
  private static String tiny(Histogram h, Histogram t) {
    if (t.getTotalCount() == 0) {
      return "";
    }
    Histogram others = h.copy();
    others.subtract(t);
    return String.format("; tiny payments %,d (%.2f%%): p50 %s  p99 %s ms, the others p50 %s  p99 %s ms",
        t.getTotalCount(), 100.0 * t.getTotalCount() / h.getTotalCount(), ms(t.getValueAtPercentile(50)),
        ms(t.getValueAtPercentile(99)), ms(others.getValueAtPercentile(50)), ms(others.getValueAtPercentile(99)));
  }

  private static String ms(long micros) {
    return String.format("%.1f", micros / 1000.0);
  }
}
