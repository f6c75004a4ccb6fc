import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One `riskgate run` JVM of the benchmark, on its own topic prefix, application id and state directory. Its PID is
 * appended to a file so that scripts/bench/run stops it even if this harness dies; a shutdown hook stops it on Ctrl-C.
 */
final class AppProcess implements AutoCloseable {
  private static final Pattern HTTP_LINE = Pattern.compile("HTTP endpoints on (http://\\S+?:\\d+)");

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread stopOnExit;

  private AppProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stopOnExit = new Thread(this::stop, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts riskgate with {@code settings} (key=value, passed as --set) and its log in {@code work/<name>.log}. */
  static AppProcess start(BenchOptions options, String name, String guarantee, List<String> settings)
      throws IOException {
    return launch(options, name, name, guarantee, settings, List.of("-jar", options.jar.toString(), "run"));
  }

  /**
   * Another riskgate instance of the app {@code name} (same application id and topics), with its own log and state
   * directory, both named {@code instance}: a second member of the group, or the same member restarted (same
   * {@code instance} as before: its state directory is kept).
   */
  static AppProcess startInstance(BenchOptions options, String name, String instance, String guarantee)
      throws IOException {
    return launch(options, name, instance, guarantee, List.of(),
        List.of("-jar", options.jar.toString(), "run"));
  }

  /**
   * Starts the engine floor ({@link EngineFloor}, compiled with this harness) with the same settings, JVM options and
   * client properties as riskgate, and {@code floorOptions} (its record sizes).
   */
  static AppProcess startFloor(BenchOptions options, String name, String guarantee, List<String> floorOptions)
      throws IOException {
    List<String> main = new ArrayList<>(List.of("-cp",
        options.work.resolve("classes") + java.io.File.pathSeparator + options.jar, "EngineFloor"));
    main.addAll(floorOptions);
    return launch(options, name, name, guarantee, List.of(), main);
  }

  private static AppProcess launch(BenchOptions options, String name, String instance, String guarantee,
      List<String> settings, List<String> main) throws IOException {
    Path work = options.work;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : options.appJvmOptions.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(main);
    command.addAll(List.of("-b", options.bootstrap, "-r", options.registry));
    List<String> all = new ArrayList<>(List.of(
        "application.id=bench-" + name,
        "topic.prefix=" + name + ".",
        "state.dir=" + work.resolve("state-" + instance),
        "processing.guarantee=" + guarantee,
        "http.port=0", // several benchmark apps never share a port
        "num.stream.threads=" + options.streamThreads));
    all.addAll(options.appSettings);
    all.addAll(settings);
    for (String setting : all) {
      command.add("--set");
      command.add(setting);
    }
    Path log = work.resolve(instance + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // as the image runs it (docker/Dockerfile): fewer glibc arenas holding freed native memory
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    Process process = builder.start();
    Files.writeString(options.pidFile, process.pid() + "\n", java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return new AppProcess(instance, process, log);
  }

  long pid() {
    return process.pid();
  }

  /** The app's HTTP base address, as it last logged it at start-up (it binds a free port; a restart appends). */
  String httpBase() throws IOException {
    Matcher m = HTTP_LINE.matcher(Files.readString(log));
    String base = null;
    while (m.find()) {
      base = m.group(1);
    }
    if (base == null) {
      throw new IllegalStateException("riskgate " + name + " has not logged its HTTP address yet");
    }
    return base;
  }

  /** Fails the benchmark with the log's location if the app has died. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("riskgate " + name + " exited with code " + process.exitValue()
          + "; see its log " + name + ".log in the work directory (BENCH_KEEP_WORK=1 keeps it)");
    }
  }

  /** Resident set size now and its peak, from /proc/<pid>/status, in MiB. */
  Rss rss() throws IOException {
    long rssKb = 0;
    long peakKb = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rssKb = kilobytes(line);
      } else if (line.startsWith("VmHWM:")) {
        peakKb = kilobytes(line);
      }
    }
    return new Rss(rssKb / 1024, peakKb / 1024);
  }

  record Rss(long mib, long peakMib) {}

  private static long kilobytes(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }

  /** SIGTERM (a clean Kafka Streams close), then SIGKILL after 40 s. */
  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing left to do
    }
  }
}
