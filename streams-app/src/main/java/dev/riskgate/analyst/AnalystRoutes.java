package dev.riskgate.analyst;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import dev.riskgate.http.BearerTokenFilter;
import dev.riskgate.http.Routes;
import java.util.Optional;

/** The analysts' routes: the JSON API under {@code /api/} (behind the bearer token when one is set) and the page. */
public final class AnalystRoutes implements Routes {
  private final LiveState live;
  private final AnalystQueries queries;
  private final LiveDecisions lastHour;
  private final Optional<String> unmaskToken;

  /** {@code unmaskToken}: what a caller presents to see full card tokens; empty, never. */
  public AnalystRoutes(LiveState live, AnalystQueries queries, LiveDecisions lastHour, Optional<String> unmaskToken) {
    this.unmaskToken = unmaskToken;
    this.live = live;
    this.queries = queries;
    this.lastHour = lastHour;
  }

  @Override
  public void register(HttpServer server, Optional<String> bearerToken) {
    HttpContext api = server.createContext(AnalystApiHandler.PATH, new AnalystApiHandler(live, queries, lastHour, unmaskToken));
    bearerToken.ifPresent(token -> api.getFilters().add(new BearerTokenFilter(token)));
    server.createContext(AnalystPageHandler.PATH, new AnalystPageHandler());
  }
}
