import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app's own view of decision latency, from its {@code riskgate_decision_latency_seconds} histogram on /metrics:
 * record timestamp (the intended send time) to decision emitted. Scraped before and after a rate, the difference
 * splits the harness's end-to-end figure into the part up to the processor and the part after it (producer batching,
 * broker, the read_committed consumer). Includes the rate's warm-up, which the harness's histogram leaves out.
 */
final class AppSideLatency {
  private static final String BUCKET = "riskgate_decision_latency_seconds_bucket{";
  private static final double[] SHOWN_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25};
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Cumulative decisions per upper bound in seconds. */
  record Snapshot(Map<Double, Double> cumulative) {}

  private AppSideLatency() {}

  static Snapshot scrape(AppProcess app) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(app.httpBase() + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("/metrics answered HTTP " + response.statusCode());
    }
    String body = response.body();
    Map<Double, Double> cumulative = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith(BUCKET)) {
        int le = line.indexOf("le=\"") + 4;
        String bound = line.substring(le, line.indexOf('"', le));
        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        cumulative.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), value);
      }
    }
    return new Snapshot(cumulative);
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

  /** "app side: <=5 ms 14%, <=10 ms 48%, ..." for the decisions between two snapshots. */
  static String between(Snapshot before, Snapshot after) {
    if (before == null || after == null) {
      return "app side: unavailable";
    }
    double total = delta(before, after, Double.POSITIVE_INFINITY);
    if (total <= 0) {
      return "app side: no decisions recorded";
    }
    StringBuilder line = new StringBuilder("app side (record timestamp -> decision emitted, warm-up included):");
    for (double bound : SHOWN_SECONDS) {
      line.append(String.format(" <=%.0f ms %.0f%%,", bound * 1000, 100 * delta(before, after, bound) / total));
    }
    line.setLength(line.length() - 1);
    return line.append(String.format(" (%,.0f decisions)", total)).toString();
  }

  private static double delta(Snapshot before, Snapshot after, double bound) {
    return after.cumulative().getOrDefault(bound, 0.0) - before.cumulative().getOrDefault(bound, 0.0);
  }
}
