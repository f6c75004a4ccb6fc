import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time over the measured part of a run, from /proc: the app's and the broker's per transaction, and what the
 * machine's cores did meanwhile (busy by process, idle, stolen by the hypervisor). On a shared machine the rate moves
 * with what else runs; the CPU time per transaction moves much less, so builds are compared by both.
 */
final class CpuAccount {
  /** Linux reports process and machine CPU time in USER_HZ ticks, 100 per second on every mainstream kernel. */
  private static final double TICK_SECONDS = 0.01;

  private final long appPid;
  private final long brokerPid;
  private Sample start;

  private record Sample(long app, long broker, long harness, long[] machine, int cores,
      java.util.Map<String, Long> jitThreads) {}

  CpuAccount(long appPid) {
    this.appPid = appPid;
    this.brokerPid = brokerPid();
  }

  /** The stack's broker, from the PID file scripts/stack writes in RISKGATE_STACK_DIR; -1 when unknown. */
  private static long brokerPid() {
    String dir = System.getenv("RISKGATE_STACK_DIR");
    try {
      return dir == null ? -1 : Long.parseLong(Files.readString(Path.of(dir, "broker.pid")).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  void start() {
    start = sample();
  }

  /** One line from {@link #start()} to now for {@code transactions} decided in between. */
  String since(long transactions) {
    Sample end = sample();
    double app = ticks(start.app, end.app);
    // compiler threads present at both ends (the JVM adds and retires them): the JIT's share of the app's time
    double jit = 0;
    for (var thread : end.jitThreads.entrySet()) {
      Long before = start.jitThreads.get(thread.getKey());
      jit += before == null ? 0 : (thread.getValue() - before) * TICK_SECONDS;
    }
    double broker = ticks(start.broker, end.broker);
    double harness = ticks(start.harness, end.harness);
    long[] m = new long[end.machine.length];
    long all = 0;
    for (int i = 0; i < m.length; i++) {
      m[i] = end.machine[i] - start.machine[i];
      all += m[i];
    }
    // /proc/stat cpu line: user nice system idle iowait irq softirq steal ...
    double idle = m[3] + m[4];
    double steal = m.length > 7 ? m[7] : 0;
    double cores = end.cores;
    double seconds = all * TICK_SECONDS / cores;
    double other = Math.max(0, (all - idle - steal) * TICK_SECONDS - Math.max(0, app) - Math.max(0, broker)
        - Math.max(0, harness));
    return String.format("CPU per transaction: app %.0f us (JIT compiler %.0f us of it), broker %s; the %.0f cores "
            + "over those %.0f s: app %.0f%%, "
            + "broker %s, harness %.0f%%, other %.0f%%, idle %.0f%%, stolen by the hypervisor %.0f%%",
        app / transactions * 1e6, jit / transactions * 1e6, broker < 0 ? "n/a" : String.format("%.0f us", broker / transactions * 1e6), cores,
        seconds, pct(app, seconds, cores), broker < 0 ? "n/a" : String.format("%.0f%%", pct(broker, seconds, cores)),
        pct(harness, seconds, cores), pct(other, seconds, cores), pct(idle * TICK_SECONDS, seconds, cores),
        pct(steal * TICK_SECONDS, seconds, cores));
  }

  private static double pct(double cpuSeconds, double seconds, double cores) {
    return 100 * cpuSeconds / (seconds * cores);
  }

  private static double ticks(long from, long to) {
    return from < 0 || to < 0 ? -1 : (to - from) * TICK_SECONDS;
  }

  private Sample sample() {
    return new Sample(processTicks(appPid), processTicks(brokerPid), processTicks(ProcessHandle.current().pid()),
        machineTicks(), machineCores(), compilerThreadTicks(appPid));
  }

  /** utime + stime of a process, or -1 when it cannot be read. */
  private static long processTicks(long pid) {
    if (pid < 0) {
      return -1;
    }
    try {
      return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime + stime from a /proc stat line of a process or thread. */
  private static long cpuTicks(String stat) {
    // the command name (field 2) may hold spaces: count fields from the closing parenthesis
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** utime + stime of each JIT compiler thread of a process ("C1 CompilerThre", "C2 CompilerThre"), by thread id. */
  private static java.util.Map<String, Long> compilerThreadTicks(long pid) {
    java.util.Map<String, Long> ticks = new java.util.HashMap<>();
    try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        try {
          String stat = Files.readString(thread.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.matches("C\\d CompilerThre.*")) {
            ticks.put(thread.getFileName().toString(), cpuTicks(stat));
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended between listing and reading
        }
      }
    } catch (IOException | RuntimeException e) {
      // no such process: no figure
    }
    return ticks;
  }

  /**
   * The machine-wide "cpu" line of /proc/stat: user nice system idle iowait irq softirq steal. The guest columns
   * after them are left out: they are already counted in user and nice.
   */
  private static long[] machineTicks() {
    long[] ticks = new long[8];
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      for (int i = 1; i < f.length && i <= ticks.length; i++) {
        ticks[i - 1] = Long.parseLong(f[i]);
      }
    } catch (IOException e) {
      // no figure: all zero
    }
    return ticks;
  }

  /** CPUs /proc/stat counts (its "cpuN" lines), which is what its machine-wide line sums over. */
  private static int machineCores() {
    try {
      return (int) Math.max(1, Files.readAllLines(Path.of("/proc/stat")).stream()
          .filter(line -> line.matches("cpu\\d+ .*")).count());
    } catch (IOException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }
}
