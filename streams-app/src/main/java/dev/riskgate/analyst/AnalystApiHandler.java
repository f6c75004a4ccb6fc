package dev.riskgate.analyst;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.riskgate.privacy.CardView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import dev.riskgate.http.Responses;
import java.io.IOException;

/**
 * The analysts' JSON API, answered from the app's state stores:
 * {@code /api/cards/{token}} (features, routed to the owning instance), {@code /api/status/{type}/{id}},
 * {@code /api/ruleset}, {@code /api/rules/stats} (every rule against the labels, counted live, all instances),
 * {@code /api/progress} (how far each instance has applied statuses and rulesets),
 * {@code /api/index/transactions/{id}} (where a transaction was read from); and from the topics
 * for the analyst page: {@code /api/transactions/{id}} (explained), {@code /api/transactions/{id}/card} (its card's
 * features, status and last day, the token masked), {@code /api/cards/{token}/decisions} (last day),
 * {@code /api/live} (last hour of decisions). Every answer masks card tokens, unless the query says
 * {@code unmask=true} and the request carries the configured unmask token ({@code http.unmask.token}) in
 * {@link #UNMASK_HEADER}: asking without it is refused (403), so an answer never silently stays masked either.
 */
final class AnalystApiHandler implements HttpHandler {
  static final String PATH = "/api/";
  /** The header a caller presents the unmask token in. */
  public static final String UNMASK_HEADER = "X-Riskgate-Unmask-Token";
  private final LiveState live;
  private final AnalystQueries queries;
  private final LiveDecisions lastHour;
  private final Optional<String> unmaskToken;

  AnalystApiHandler(LiveState live, AnalystQueries queries, LiveDecisions lastHour, Optional<String> unmaskToken) {
    this.unmaskToken = unmaskToken;
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
      List<String> query = exchange.getRequestURI().getQuery() == null ? List.of()
          : List.of(exchange.getRequestURI().getQuery().split("&"));
      boolean local = query.contains("local=true");
      CardView view = CardView.MASKED;
      if (query.contains("unmask=true")) {
        String refused = unmaskRefused(exchange.getRequestHeaders().getFirst(UNMASK_HEADER));
        if (refused != null) {
          Responses.send(exchange, 403, "application/json", "{\"error\":\"" + refused + "\"}\n");
          return;
        }
        view = CardView.FULL;
      }
      LiveState.Answer answer;
      if (parts.length == 3 && parts[0].equals("transactions") && parts[2].equals("card")) {
        answer = queries.cardOfTransaction(parts[1], view);
      } else if (parts.length == 3 && parts[0].equals("cards") && parts[2].equals("decisions")) {
        answer = queries.cardHistory(parts[1], view);
      } else if (parts.length == 2 && parts[0].equals("transactions") && !parts[1].isEmpty()) {
        answer = queries.explain(parts[1], view);
      } else if (parts.length == 1 && parts[0].equals("live")) {
        answer = new LiveState.Answer(200, lastHour.lastHour(view));
      } else if (parts.length == 2 && parts[0].equals("cards") && !parts[1].isEmpty()) {
        answer = live.card(parts[1], local, view);
      } else if (parts.length == 3 && parts[0].equals("status") && !parts[2].isEmpty()) {
        answer = live.status(parts[1], parts[2], view);
      } else if (parts.length == 1 && parts[0].equals("progress")) {
        answer = live.progress(local);
      } else if (parts.length == 2 && parts[0].equals("rules") && parts[1].equals("stats")) {
        answer = live.ruleStats(local);
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

  /** Why full card tokens are refused to a caller presenting {@code presented}, null when they are not. */
  private String unmaskRefused(String presented) {
    if (unmaskToken.isEmpty()) {
      return "full card tokens are off here: set http.unmask.token to allow them";
    }
    // constant-time comparison: the response time must not tell how much of a guessed token was right
    boolean same = presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        unmaskToken.get().getBytes(StandardCharsets.UTF_8));
    return same ? null : "unmask=true needs the unmask token in " + UNMASK_HEADER;
  }
}
