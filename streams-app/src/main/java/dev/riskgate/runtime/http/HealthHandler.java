package dev.riskgate.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.riskgate.http.Responses;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness from the Kafka Streams state. Liveness fails only in ERROR and NOT_RUNNING: a rebalance
 * (REBALANCING) or a restore is normal work, and a restarted pod would only rebalance again. Readiness is RUNNING with
 * no stalled input partition (the progress watchdog's) and no problem reported (dead letters that cannot be written):
 * RUNNING alone does not mean every task is working.
 */
final class HealthHandler implements HttpHandler {
  enum Check { LIVE, READY }

  private final Supplier<State> state;
  private final Supplier<List<String>> stalled;
  private final Supplier<List<String>> problems;
  private final Check check;

  HealthHandler(Supplier<State> state, Supplier<List<String>> stalled, Supplier<List<String>> problems, Check check) {
    this.state = state;
    this.stalled = stalled;
    this.problems = problems;
    this.check = check;
  }

  static boolean isLive(State state) {
    return state != State.ERROR && state != State.NOT_RUNNING;
  }

  static boolean isReady(State state) {
    return state == State.RUNNING;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!Responses.isGetOrHead(exchange)) {
        return;
      }
      State now = state.get();
      List<String> stalledNow = check == Check.READY ? stalled.get() : List.of();
      List<String> problemsNow = check == Check.READY ? problems.get() : List.of();
      boolean up = check == Check.LIVE ? isLive(now) : isReady(now) && stalledNow.isEmpty() && problemsNow.isEmpty();
      String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + now + "\""
          + list("stalled", stalledNow) + list("problems", problemsNow) + "}\n";
      Responses.send(exchange, up ? 200 : 503, "application/json", body);
    }
  }

  private static String list(String name, List<String> items) {
    return items.isEmpty() ? "" : ",\"" + name + "\":[" + items.stream()
        .map(p -> "\"" + p.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").collect(Collectors.joining(",")) + "]";
  }
}
