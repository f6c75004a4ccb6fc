package dev.riskgate.rules;

import dev.riskgate.schema.ReasonCode;
import java.util.EnumMap;
import java.util.Map;

/**
 * What each reason code means to an acquirer: its ISO 8583 response code, whether the acquirer may retry, how strong
 * it is (the strongest reason's response code is the decision's), and the text read out at the till in English and
 * Chinese. Lost, stolen and closed are final; velocity and fraud holds are retryable.
 */
public final class ReasonCatalog {

  /** One reason's meaning. */
  public record Reason(String responseCode, boolean retryable, int severity, String english, String chinese) {}

  private static final Map<ReasonCode, Reason> REASONS = new EnumMap<>(ReasonCode.class);

  static {
    put(ReasonCode.CARD_STOLEN, "43", false, 100, "Card reported stolen", "卡片已报失窃");
    put(ReasonCode.CARD_LOST, "41", false, 95, "Card reported lost", "卡片已挂失");
    put(ReasonCode.ACCOUNT_CLOSED, "46", false, 90, "Account closed", "账户已销户");
    put(ReasonCode.CARD_CLOSED, "46", false, 88, "Card closed", "卡片已注销");
    put(ReasonCode.ACCOUNT_FROZEN, "57", false, 80, "Account frozen", "账户已冻结");
    put(ReasonCode.CARD_FROZEN, "62", false, 78, "Card frozen", "卡片已冻结");
    put(ReasonCode.ACCOUNT_RESTRICTED, "57", false, 72, "Account restricted", "账户受限");
    put(ReasonCode.CARD_RESTRICTED, "62", false, 70, "Card restricted", "卡片受限");
    put(ReasonCode.ACCOUNT_SUSPENDED, "57", false, 66, "Account suspended", "账户已暂停");
    put(ReasonCode.CARD_SUSPENDED, "62", false, 65, "Card suspended", "卡片已暂停使用");
    // ISO 8583 03 "invalid merchant": the card is fine, the acceptor is not allowed to take payments
    put(ReasonCode.MERCHANT_CLOSED, "03", false, 62, "Merchant closed", "商户已关闭");
    put(ReasonCode.MERCHANT_FROZEN, "03", false, 61, "Merchant frozen", "商户已冻结");
    put(ReasonCode.MERCHANT_SUSPENDED, "03", false, 60, "Merchant suspended", "商户已暂停受理");
    put(ReasonCode.MERCHANT_RESTRICTED, "03", false, 59, "Merchant restricted", "商户受限");
    // fail closed: a status that exists but cannot be read may be a block; 96 tells the acquirer to try again
    put(ReasonCode.STATUS_UNREADABLE, "96", true, 55, "Status could not be read; try again", "状态暂时无法读取，请重试");
    // the ruleset cannot judge the amount; a retry cannot change that (until the ruleset lists the currency)
    put(ReasonCode.UNKNOWN_CURRENCY, "05", false, 54, "Currency not accepted by the risk rules", "风控规则不支持该币种");
    put(ReasonCode.IMPOSSIBLE_TRAVEL, "59", true, 50, "Impossible travel between card uses", "异地用卡时间不合理");
    put(ReasonCode.SUSPECTED_COUNTERFEIT, "59", true, 49, "Suspected counterfeit card", "疑似伪卡交易");
    put(ReasonCode.CARD_TESTING, "59", true, 49, "Suspected card testing", "疑似测卡交易");
    put(ReasonCode.BIN_ATTACK, "59", true, 48, "Suspected BIN attack on terminal", "疑似批量盗刷攻击");
    put(ReasonCode.CASH_OUT_PATTERN, "59", true, 47, "Suspected cash-out pattern", "疑似套现交易");
    put(ReasonCode.SPLIT_TRANSACTION, "61", true, 46, "Suspected split transactions", "疑似拆分交易");
    put(ReasonCode.VELOCITY_AMOUNT, "61", true, 45, "Spending over the limit for the period", "交易金额超出限额");
    put(ReasonCode.VELOCITY_COUNT, "65", true, 44, "Too many transactions in a short time", "交易次数超出限制");
    put(ReasonCode.AMOUNT_ANOMALY, "59", true, 43, "Amount unusual for this card", "交易金额异常");
    put(ReasonCode.NIGHT_ACTIVITY, "59", true, 42, "Large ticket at night", "夜间大额交易");
    put(ReasonCode.MCC_MISMATCH, "59", true, 41, "Amount does not fit the merchant category", "金额与商户类别不符");
    put(ReasonCode.MERCHANT_SPIKE, "59", true, 40, "Sudden spike at merchant", "商户交易量异常激增");
    put(ReasonCode.RULE, "05", true, 10, "Declined by a risk rule", "风险规则拒绝");
    put(ReasonCode.UNKNOWN, "05", true, 0, "Declined", "交易被拒绝");
  }

  private ReasonCatalog() {}

  private static void put(ReasonCode code, String response, boolean retryable, int severity, String en, String zh) {
    REASONS.put(code, new Reason(response, retryable, severity, en, zh));
  }

  public static Reason of(ReasonCode code) {
    return REASONS.get(code);
  }
}
