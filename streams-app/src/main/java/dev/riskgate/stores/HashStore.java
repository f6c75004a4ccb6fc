package dev.riskgate.stores;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;

/**
 * The lifecycle the hash-map stores share: named, in memory (never persistent), open from init to close, nothing
 * buffered to flush; closing drops the contents.
 */
abstract class HashStore implements StateStore {
  private final String name;
  /** Read by interactive queries on other threads. */
  private volatile boolean open;

  HashStore(String name) {
    this.name = name;
  }

  /** Drops every entry: the store is closing. */
  abstract void clear();

  /** Registers with {@code context} what restoring needs, if anything; called by init. */
  void register(StateStoreContext context, StateStore root) {}

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final void init(StateStoreContext context, StateStore root) {
    register(context, root);
    open = true;
  }

  @Override
  public final void flush() {
    // nothing buffered: every write is in the map already
  }

  @Override
  public final void close() {
    open = false;
    clear();
  }

  @Override
  public final boolean persistent() {
    return false;
  }

  @Override
  public final boolean isOpen() {
    return open;
  }
}
