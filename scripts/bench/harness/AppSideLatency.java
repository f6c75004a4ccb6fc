import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app's own view of decision latency, from its histograms on /metrics: record timestamp (the intended send time)
 * to the transaction reaching the merchant side ({@code riskgate_merchant_arrival_seconds}), the time it was held there
 * for every card task's watermark ({@code riskgate_merchant_hold_seconds}), and record timestamp to decision emitted
 * ({@code riskgate_decision_latency_seconds}). Scraped before and after a rate, the differences split the harness's
 * end-to-end figure into stages up to the processor and the part after it (producer batching, broker, the
 * read_committed consumer). Includes the rate's warm-up, which the harness's histogram leaves out.
 */
final class AppSideLatency {
  /** Histogram name on /metrics -> what the line calls it, in the order of a decision's path. */
  private static final Map<String, String> STAGES = new java.util.LinkedHashMap<>();

  static {
    STAGES.put("riskgate_merchant_arrival_seconds", "record timestamp -> at the merchant side");
    STAGES.put("riskgate_merchant_hold_seconds", "held there for the watermarks");
    STAGES.put("riskgate_decision_latency_seconds", "record timestamp -> decision emitted");
  }
  private static final double[] SHOWN_SECONDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Per histogram, cumulative counts per upper bound in seconds; and the stream threads' longest poll, process,
   * punctuate and commit in Kafka Streams' recent sample windows (ms; name with its thread), where a stalled thread
   * shows.
   */
  record Snapshot(Map<String, Map<Double, Double>> histograms, Map<String, Double> threadMaxima) {}

  private AppSideLatency() {}

  static Snapshot scrape(AppProcess app) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(app.httpBase() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("/metrics answered HTTP " + response.statusCode());
    }
    String body = response.body();
    Map<String, Map<Double, Double>> histograms = new TreeMap<>();
    for (String line : body.split("\n")) {
      int brace = line.indexOf("_bucket{");
      if (brace > 0 && STAGES.containsKey(line.substring(0, brace))) {
        int le = line.indexOf("le=\"") + 4;
        String bound = line.substring(le, line.indexOf('"', le));
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        histograms.computeIfAbsent(line.substring(0, brace), h -> new TreeMap<>())
            .put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value);
      }
    }
    Map<String, Double> maxima = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("kafka_stream_thread_") && line.contains("_latency_max{") && !line.startsWith("#")) {
        String name = line.substring("kafka_stream_thread_".length(), line.indexOf("_latency_max{"));
        int at = line.indexOf("thread_id=\"");
        String thread = at < 0 ? "?" : line.substring(at + 11, line.indexOf('"', at + 11));
        thread = thread.substring(thread.lastIndexOf('-') + 1);
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (!Double.isNaN(value)) {
          maxima.merge(name + " (thread " + thread + ")", value, Math::max);
        }
      }
    }
    return new Snapshot(histograms, maxima);
  }

  /** {@link #scrape}, or null with the reason printed: the split is a diagnostic, never a reason to stop. */
  static Snapshot scrapeOrNull(AppProcess app) {
    try {
      return scrape(app);
    } catch (IOException | RuntimeException e) {
      System.out.println("    app side: unavailable (" + e.getMessage() + ")");
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** One line per stage, "app side, <stage>: <=5 ms 14%, <=10 ms 48%, ...", for the records between two snapshots. */
  static String between(Snapshot before, Snapshot after) {
    if (before == null || after == null) {
      return "app side: unavailable";
    }
    StringBuilder lines = new StringBuilder();
    STAGES.forEach((histogram, stage) -> {
      Map<Double, Double> from = before.histograms().getOrDefault(histogram, Map.of());
      Map<Double, Double> to = after.histograms().getOrDefault(histogram, Map.of());
      double total = delta(from, to, Double.POSITIVE_INFINITY);
      if (lines.length() > 0) {
        lines.append("\n    ");
      }
      lines.append("app side, ").append(stage).append(":");
      if (total <= 0) {
        lines.append(" none recorded");
        return;
      }
      for (double bound : SHOWN_SECONDS) {
        lines.append(String.format(" <=%.0f ms %.0f%%,", bound * 1000, 100 * delta(from, to, bound) / total));
      }
      lines.setLength(lines.length() - 1);
      lines.append(String.format(" (%,.0f; over 250 ms: %,.0f, over 500 ms: %,.0f)", total,
          total - delta(from, to, 0.25), total - delta(from, to, 0.5)));
    });
    lines.append(" (warm-up included)");
    if (!after.threadMaxima().isEmpty()) {
      lines.append("\n    stream threads' longest, ms, recent windows:");
      after.threadMaxima().forEach((name, ms) -> lines.append(String.format(" %s %.0f,", name, ms)));
      lines.setLength(lines.length() - 1);
    }
    return lines.toString();
  }

  private static double delta(Map<Double, Double> before, Map<Double, Double> after, double bound) {
    return after.getOrDefault(bound, 0.0) - before.getOrDefault(bound, 0.0);
  }
}
