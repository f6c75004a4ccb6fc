package dev.riskgate.http;

import com.sun.net.httpserver.HttpServer;
import java.util.Optional;

/** HTTP routes a part of riskgate serves on the instance's server, registering them itself. */
public interface Routes {
  /** Adds the routes to {@code server}; {@code bearerToken}, when set, guards those that need it. */
  void register(HttpServer server, Optional<String> bearerToken);
}
