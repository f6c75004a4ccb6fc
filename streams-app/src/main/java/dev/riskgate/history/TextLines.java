package dev.riskgate.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The lines of a UTF-8 text file with their numbers (from 1), and how far into the file the reader is. */
final class TextLines implements AutoCloseable {
  private final FileChannel channel;
  private final BufferedReader reader;
  private final long size;
  private long number;

  TextLines(Path file) throws IOException {
    channel = FileChannel.open(file);
    size = channel.size();
    reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8),
        1 << 16);
  }

  /** The next line, or null at the end of the file. */
  String next() throws IOException {
    String line = reader.readLine();
    if (line != null) {
      number++;
    }
    return line;
  }

  /** The next line that is not blank (blank lines carry nothing and are not rows), or null at the end. */
  String nextNonBlank() throws IOException {
    String line = next();
    while (line != null && line.isBlank()) {
      line = next();
    }
    return line;
  }

  long number() {
    return number;
  }

  /** Bytes consumed by the reader's buffer over the file size: ahead of the caller by at most one buffer. */
  double progress() {
    try {
      return size == 0 ? 1 : Math.min(1, (double) channel.position() / size);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
