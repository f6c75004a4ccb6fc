package dev.riskgate.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Liveness and readiness from the Kafka Streams state. Liveness fails only in ERROR and NOT_RUNNING: a rebalance
 * (REBALANCING) or a restore is normal work, and a restarted pod would only rebalance again. Readiness is RUNNING.
 */
final class HealthHandler implements HttpHandler {
  enum Check { LIVE, READY }

  private final Supplier<State> state;
  private final Check check;

  HealthHandler(Supplier<State> state, Check check) {
    this.state = state;
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
      boolean up = check == Check.LIVE ? isLive(now) : isReady(now);
      String body = "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"state\":\"" + now + "\"}\n";
      Responses.send(exchange, up ? 200 : 503, "application/json", body);
    }
  }
}
