package dev.riskgate.features;

/** What the merchant side folds into a merchant's profile of one decided transaction. */
public record MerchantActivity(String terminalId, int cardHash, float amount, long eventTime, byte localHour) {}
