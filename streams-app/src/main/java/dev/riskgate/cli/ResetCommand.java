package dev.riskgate.cli;

import dev.riskgate.config.RiskgateConfig;
import dev.riskgate.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Make the screening app reprocess 'transactions' from a point in time or an offset, with Kafka's",
      "StreamsResetter: moves the committed offsets of the application's consumer group on 'transactions'",
      "and deletes the application's internal topics (changelogs), so card profiles and retry memory are",
      "rebuilt from the reprocessed transactions.",
      "",
      "Refuses while any instance is still a member of the application's group: stop every instance first.",
      "Afterwards delete each instance's local state (state.dir/<application.id>) before starting it again.",
      "Reprocessed transactions get new decisions and audit events; a reset does not remove the old ones.",
      ""
    },
    footer = {"", "Exit codes: 0 done, 1 the resetter failed or the internal topics were not gone within 60 s,",
      "2 bad arguments or instances still running.",
      "", "Examples:",
      "  riskgate reset --to-datetime 2026-11-01T00:00:00Z --dry-run   # show what would change",
      "  riskgate reset --to-datetime 2026-11-01T00:00:00Z",
      "  riskgate reset --by-duration PT6H --config riskgate.properties",
      "  riskgate reset --to-earliest"})
final class ResetCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nWhere to restart (one of):%n")
  Target target;

  static final class Target {
    @Option(names = "--to-datetime", paramLabel = "TIME",
        description = "First record timestamp to reprocess, ISO-8601 (2026-11-01T00:00:00Z).")
    Instant datetime;

    @Option(names = "--to-offset", paramLabel = "OFFSET", description = "This offset on every partition.")
    Long offset;

    @Option(names = "--by-duration", paramLabel = "DURATION",
        description = "This far back from now, e.g. PT6H or P1D.")
    Duration duration;

    @Option(names = "--to-earliest", description = "The earliest offset still on the broker.")
    boolean earliest;
  }

  @Option(names = "--dry-run", description = "Show what would be reset and deleted; change nothing.")
  boolean dryRun;

  /** How long the reset waits for the broker to finish deleting the internal topics. */
  private static final Duration DELETION_WAIT = Duration.ofSeconds(60);

  @Override
  public Integer call() throws Exception {
    RiskgateConfig cfg = config.load();
    Map<String, Object> client = cfg.clientProperties();
    try (Admin admin = Admin.create(client)) {
      List<MemberDescription> members = activeMembers(admin, cfg.applicationId());
      if (!members.isEmpty()) {
        System.err.printf("refusing to reset: %d member(s) of application %s are still running: %s%n"
            + "stop every instance first (its group must be empty)%n", members.size(), cfg.applicationId(),
            members.stream().map(m -> m.clientId() + m.host()).toList());
        return 2;
      }
    }
    Topics topics = new Topics(cfg.topicPrefix(), null);
    List<String> args = new ArrayList<>(List.of(
        "--bootstrap-server", cfg.bootstrapServers(),
        "--application-id", cfg.applicationId(),
        "--input-topics", topics.transactions().name()));
    if (dryRun) {
      args.add("--dry-run"); // without it the resetter executes: Kafka 4 dropped --execute
    }
    if (target.datetime != null) {
      args.addAll(List.of("--to-datetime", target.datetime.toString()));
    } else if (target.offset != null) {
      args.addAll(List.of("--to-offset", target.offset.toString()));
    } else if (target.duration != null) {
      args.addAll(List.of("--by-duration", target.duration.toString()));
    } else {
      args.add("--to-earliest");
    }
    Properties properties = new Properties();
    properties.putAll(client);
    properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    int exit = runResetter(args, properties);
    if (exit == 0 && !dryRun) {
      List<String> left = internalTopicsLeft(client, cfg.applicationId(), DELETION_WAIT);
      if (!left.isEmpty()) {
        System.err.printf("the internal topics are still being deleted after %s: %s%nwait until they are gone "
            + "(kafka-topics --list) before starting riskgate again, or it would find them half deleted%n",
            DELETION_WAIT, left);
        return 1;
      }
      System.out.printf("Reset done. Before starting riskgate again, delete each instance's local state: %s%n",
          cfg.stateDir().resolve(cfg.applicationId()));
    }
    return exit;
  }

  /**
   * The broker deletes topics after it has accepted their deletion: an instance started at once could still find one
   * (and its stale records) while it goes, so the reset ends when they are gone from the topic list.
   */
  private static List<String> internalTopicsLeft(Map<String, Object> client, String applicationId, Duration atMost)
      throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    try (Admin admin = Admin.create(client)) {
      while (true) {
        List<String> left = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
            .filter(name -> name.startsWith(applicationId + "-")
                && (name.endsWith("-changelog") || name.endsWith("-repartition")))
            .sorted().toList();
        if (left.isEmpty() || System.nanoTime() > deadline) {
          return left;
        }
        Thread.sleep(200); // polling the broker's topic list: nothing to wait on but its answer
      }
    }
  }

  /** Thrown instead of the JVM exit StreamsResetter asks for when it rejects its arguments. */
  private static final class ResetterExit extends RuntimeException {
    private final int code;

    ResetterExit(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /**
   * StreamsResetter prints its usage and calls Kafka's Exit (System.exit by default) on arguments it rejects, which
   * would end riskgate, and the tests' JVM, without a word: route that exit into a return code instead. Exit is an
   * internal Kafka class; if it moves, this fails to compile rather than silently exiting.
   */
  private static int runResetter(List<String> args, Properties properties) {
    Exit.setExitProcedure((code, message) -> {
      throw new ResetterExit(code, message);
    });
    try {
      return new StreamsResetter().execute(args.toArray(String[]::new), properties);
    } catch (ResetterExit e) {
      System.err.println("the Kafka streams resetter refused its arguments" + (e.getMessage() == null ? ""
          : ": " + e.getMessage()));
      return e.code == 0 ? 1 : e.code;
    } finally {
      Exit.resetExitProcedure();
    }
  }

  private static List<MemberDescription> activeMembers(Admin admin, String groupId) throws Exception {
    try {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
          .get(30, TimeUnit.SECONDS).get(groupId);
      return group == null ? List.of() : List.copyOf(group.members());
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw e;
    }
  }
}
