package dev.riskgate.replay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a replay on stderr: a bar redrawn in place on a terminal (records, rate, ETA), a plain line every five
 * seconds otherwise (logs, CI), nothing when quiet.
 */
public final class ReplayProgress {
  public enum Style { BAR, LINES, NONE }

  private static final int BAR_WIDTH = 30;
  private final PrintStream out;
  private final Style style;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long nextDraw;
  private boolean waiting;
  private final String done;

  public ReplayProgress(PrintStream out, Style style) {
    this(out, style, "replayed");
  }

  /** {@code done}: what the plain lines say was done to the records ("imported 1,200 records"). */
  public ReplayProgress(PrintStream out, Style style, String done) {
    this.done = done;
    this.out = out;
    this.style = style;
    this.intervalNanos = style == Style.BAR ? 200_000_000L : 5_000_000_000L;
    this.nextDraw = start + intervalNanos;
  }

  public static Style forConsole(boolean quiet) {
    return quiet ? Style.NONE : System.console() != null ? Style.BAR : Style.LINES;
  }

  /** While the replay waits for the app to apply a status change it sent, the progress line says so. */
  void waitingForApp(boolean waiting) {
    this.waiting = waiting;
  }

  /** Cheap to call per record: draws only when the interval has passed. */
  public void update(long records, double fraction) {
    long now = System.nanoTime();
    if (style == Style.NONE || now < nextDraw) {
      return;
    }
    nextDraw = now + intervalNanos;
    double seconds = (now - start) / 1e9;
    double rate = records / seconds;
    String eta = fraction > 0 && fraction < 1 ? clock(seconds * (1 - fraction) / fraction) : "-";
    if (style == Style.BAR) {
      int filled = (int) Math.round(BAR_WIDTH * fraction);
      out.printf(Locale.ROOT, "\r[%s%s] %3.0f%%  %,d records  %,.0f/s  ETA %s%s   ", "#".repeat(filled),
          ".".repeat(BAR_WIDTH - filled), 100 * fraction, records, rate, eta, waiting ? "  (waiting for the app)" : "");
    } else {
      out.printf(Locale.ROOT, "%s %,d records (%.0f%%), %,.0f/s, ETA %s%s%n", done, records, 100 * fraction, rate, eta,
          waiting ? ", waiting for the app to apply a status change" : "");
    }
    out.flush();
  }

  /** Ends the bar's line so the summary starts on its own. */
  public void finish() {
    if (style == Style.BAR) {
      out.println();
    }
  }

  static String clock(double seconds) {
    long s = (long) Math.ceil(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
