package dev.riskgate.features;

/**
 * What the merchant side folds into a merchant's profile of one decided transaction; {@code tiny}: its amount is
 * tiny by the ruleset's currency tables (a probe of stolen card data).
 */
public record MerchantActivity(String terminalId, int cardHash, float amount, boolean tiny, long eventTime,
    byte localHour) {}
