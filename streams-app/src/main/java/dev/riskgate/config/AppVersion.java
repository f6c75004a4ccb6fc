package dev.riskgate.config;

/** The riskgate version, from the jar manifest; "dev" when run from classes. */
public final class AppVersion {
  private static final String VERSION = read();

  private AppVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    String v = AppVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
