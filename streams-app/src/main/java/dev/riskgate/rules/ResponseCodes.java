package dev.riskgate.rules;

/** ISO 8583 field 39 codes riskgate emits besides those of a reason. */
public final class ResponseCodes {
  public static final String APPROVED = "00";
  public static final String DO_NOT_HONOR = "05";

  private ResponseCodes() {}
}
