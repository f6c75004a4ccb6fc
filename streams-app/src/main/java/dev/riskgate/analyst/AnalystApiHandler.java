package dev.riskgate.analyst;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.riskgate.http.Responses;
import java.io.IOException;

/**
 * The analysts' JSON API, answered from the app's state stores:
 * {@code /api/cards/{token}} (features, routed to the owning instance), {@code /api/status/{type}/{id}},
 * {@code /api/ruleset}, {@code /api/progress} (how far each instance has applied statuses and rulesets),
 * {@code /api/index/transactions/{id}} (where a transaction was read from); and from the topics
 * for the analyst page: {@code /api/transactions/{id}} (explained), {@code /api/transactions/{id}/card} (its card's
 * features, status and last day, the token masked), {@code /api/cards/{token}/decisions} (last day),
 * {@code /api/live} (last hour of decisions). Every answer masks card tokens.
 */
final class AnalystApiHandler implements HttpHandler {
  static final String PATH = "/api/";
  private final LiveState live;
  private final AnalystQueries queries;
  private final LiveDecisions lastHour;

  AnalystApiHandler(LiveState live, AnalystQueries queries, LiveDecisions lastHour) {
    this.live = live;
    this.queries = queries;
    this.lastHour = lastHour;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!Responses.isGetOrHead(exchange)) {
        return;
      }
      String[] parts = exchange.getRequestURI().getPath().substring(PATH.length()).split("/", -1);
      boolean local = "local=true".equals(exchange.getRequestURI().getQuery());
      LiveState.Answer answer;
      if (parts.length == 3 && parts[0].equals("transactions") && parts[2].equals("card")) {
        answer = queries.cardOfTransaction(parts[1]);
      } else if (parts.length == 3 && parts[0].equals("cards") && parts[2].equals("decisions")) {
        answer = queries.cardHistory(parts[1]);
      } else if (parts.length == 2 && parts[0].equals("transactions") && !parts[1].isEmpty()) {
        answer = queries.explain(parts[1]);
      } else if (parts.length == 1 && parts[0].equals("live")) {
        answer = new LiveState.Answer(200, lastHour.lastHour());
      } else if (parts.length == 2 && parts[0].equals("cards") && !parts[1].isEmpty()) {
        answer = live.card(parts[1], local);
      } else if (parts.length == 3 && parts[0].equals("status") && !parts[2].isEmpty()) {
        answer = live.status(parts[1], parts[2]);
      } else if (parts.length == 1 && parts[0].equals("progress")) {
        answer = live.progress(local);
      } else if (parts.length == 1 && parts[0].equals("ruleset")) {
        answer = live.ruleset();
      } else if (parts.length == 3 && parts[0].equals("index") && parts[1].equals("transactions")) {
        answer = live.transactionLocation(parts[2], local);
      } else {
        Responses.send(exchange, 404, "application/json", "{\"error\":\"no such endpoint; see docs/analysts.md\"}\n");
        return;
      }
      Responses.send(exchange, answer.status(), "application/json", answer.body().toString() + "\n");
    }
  }
}
