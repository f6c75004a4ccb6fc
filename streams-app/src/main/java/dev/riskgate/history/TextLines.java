package dev.riskgate.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The lines of a UTF-8 text file with their numbers (from 1), and how far into the file the reader is. A line ends at
 * \n, \r or \r\n, as {@code BufferedReader.readLine} has it, and malformed UTF-8 reads as U+FFFD as it does there.
 * Lines are cut from bytes and each decoded on its own (a line break byte is never inside a multi-byte character):
 * through a {@code Reader}, decoding to chars and compressing them back to bytes cost a backtest's reading thread a
 * tenth of its time.
 */
public final class TextLines implements AutoCloseable {
  private static final int BUFFER = 1 << 16;

  private final FileChannel channel;
  private final long size;
  private byte[] bytes = new byte[BUFFER];
  /** The unread bytes are [start, end) of {@link #bytes}. */
  private int start;
  private int end;
  private boolean eof;
  /** A line ended at a \r whose \n, if any, is still to be skipped. */
  private boolean skipNewline;
  private long number;

  public TextLines(Path file) throws IOException {
    channel = FileChannel.open(file);
    size = channel.size();
  }

  /** The next line, or null at the end of the file. */
  public String next() throws IOException {
    int from = start;
    int scanned = start;
    while (true) {
      if (skipNewline && from < end) {
        skipNewline = false;
        if (bytes[from] == '\n') {
          from++;
          scanned = from;
        }
      }
      for (int i = scanned; i < end; i++) {
        byte b = bytes[i];
        if (b == '\n' || b == '\r') {
          start = i + 1;
          skipNewline = b == '\r';
          number++;
          return new String(bytes, from, i - from, StandardCharsets.UTF_8);
        }
      }
      scanned = end;
      if (eof) {
        start = end;
        if (from == end) {
          return null;
        }
        number++;
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
      }
      // keep the partial line, make room, read more
      int partial = end - from;
      if (partial > bytes.length / 2) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      System.arraycopy(bytes, from, bytes, 0, partial);
      scanned -= from;
      from = 0;
      end = partial;
      int read = channel.read(ByteBuffer.wrap(bytes, end, bytes.length - end));
      if (read < 0) {
        eof = true;
      } else {
        end += read;
      }
    }
  }

  /** The next line that is not blank (blank lines carry nothing and are not rows), or null at the end. */
  public String nextNonBlank() throws IOException {
    String line = next();
    while (line != null && line.isBlank()) {
      line = next();
    }
    return line;
  }

  public long number() {
    return number;
  }

  /** Bytes consumed by the reader's buffer over the file size: ahead of the caller by at most one buffer. */
  public double progress() {
    try {
      return size == 0 ? 1 : Math.min(1, (double) channel.position() / size);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
