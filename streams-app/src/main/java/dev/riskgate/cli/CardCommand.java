package dev.riskgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riskgate.analyst.RecordJson;
import dev.riskgate.config.RiskgateConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "card", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Show what the running app knows of a card now: its status and its current",
      "features (velocity windows, amounts, distinct merchants, amount profile,",
      "recent transactions), read from the app's state stores over HTTP (GET",
      "/api/cards/{token}, /api/status/card/{token}). Any instance answers: one that",
      "does not own the card's partition forwards the question to the one that does.",
      "The app's address comes from http.host/http.port of the configuration unless",
      "--app is given; http.token is sent as bearer token when set. The token is",
      "shown masked in the answer.",
      ""
    },
    footer = {"", "Examples:",
      "  riskgate card tok_3kd93ma0d39m",
      "  riskgate card tok_3kd93ma0d39m --app http://riskgate-1:8080 -o json"})
final class CardCommand implements Callable<Integer> {
  enum Output { text, json }

  @Spec CommandSpec spec;
  @Mixin ConfigOptions config;

  @Parameters(index = "0", paramLabel = "TOKEN", description = "Card token (full).")
  String token;

  @Option(names = "--app", paramLabel = "URL", description = "A running instance, e.g. http://127.0.0.1:8080. "
      + "Default: http://<http.host>:<http.port> of the configuration.")
  String app;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json (the card and status answers in one object).")
  Output output;

  @Override
  public Integer call() throws IOException, InterruptedException {
    RiskgateConfig cfg = config.load();
    String base = app != null ? app : cfg.http().url();
    String encoded = URLEncoder.encode(token, StandardCharsets.UTF_8);
    JsonNode card = AppClient.get(base, "/api/cards/" + encoded, cfg);
    JsonNode status = AppClient.get(base, "/api/status/card/" + encoded, cfg);
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      ObjectNode both = RecordJson.MAPPER.createObjectNode();
      both.set("card", card);
      both.set("status", status);
      out.println(both);
    } else {
      print(card, status, out);
    }
    out.flush();
    return card.has("error") ? 1 : 0;
  }

  private static void print(JsonNode card, JsonNode status, PrintWriter out) {
    out.println("card " + card.path("card").asText(status.path("entityId").asText()) + "  (partition "
        + card.path("partition").asText("?") + ", answered by " + card.path("answeredBy").asText()
        + (card.has("routedVia") ? ", asked via " + card.get("routedVia").asText() : "") + ")");
    out.println("status: " + status.path("status").asText() + (status.path("recorded").asBoolean()
        ? " since " + status.path("effectiveTime").asText() + " (" + status.path("source").asText() + ": "
            + status.path("reason").asText() + ")" : " (no status recorded)"));
    if (card.has("error")) {
      out.println(card.get("error").asText());
      return;
    }
    out.println("newest transaction: " + card.get("newestTransaction").asText());
    out.println("features as of that transaction (amounts in the reference currency, USD):");
    for (Map.Entry<String, JsonNode> f : card.get("features").properties()) {
      out.printf("  %-28s %s%n", f.getKey(), number(f.getValue().asDouble()));
    }
    out.printf("amount profile: typical %s over %d transactions (log deviation %.2f)%n",
        number(card.get("typicalAmount").asDouble()), card.get("profiledTransactions").asInt(),
        card.get("amountLogDeviation").asDouble());
    out.println("recent transactions (newest first):");
    card.get("recent").forEach(r -> out.printf("  %s  %s%n", r.get("time").asText(),
        number(r.get("amount").asDouble())));
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
  }
}
