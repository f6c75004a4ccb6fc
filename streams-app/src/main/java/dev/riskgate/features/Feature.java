package dev.riskgate.features;

import java.util.HashMap;
import java.util.Map;

/**
 * Every value a rule can read, with its name in rulesets. Amounts are in major units of the reference currency (USD,
 * by the ruleset's currency tables, {@link CurrencyTable}); windows are in event time, relative to the transaction being screened.
 */
public enum Feature {
  TX_AMOUNT("tx.amount", "amount of this transaction, in reference-currency units"),
  TX_ROUND_AMOUNT("tx.roundAmount", "1 when the amount is round or patterned in its own currency, at its magnitude (5000 or 8888 dollars, 500,000 yen), else 0"),
  TX_LOCAL_HOUR("tx.localHour", "hour of day (0-23) at the terminal, from its country's time zone"),
  TX_NEAR_LIMIT("tx.nearLimit", "1 when the amount is just under one of its currency's round limits (the ruleset's currencies block: 5% under 500 ... 50,000 dollars, 50,000 ... 5,000,000 yen), else 0"),
  CARD_COUNT_1M("card.count.1m", "transactions on the card in the last minute, this one included"),
  CARD_COUNT_10M("card.count.10m", "transactions on the card in the last 10 minutes, this one included"),
  CARD_COUNT_1H("card.count.1h", "transactions on the card in the last hour, this one included"),
  CARD_COUNT_24H("card.count.24h", "transactions on the card in the last 24 hours (hourly buckets), this one included"),
  CARD_SUM_1M("card.sum.1m", "amount spent on the card in the last minute, reference currency"),
  CARD_SUM_10M("card.sum.10m", "amount spent on the card in the last 10 minutes, reference currency"),
  CARD_SUM_1H("card.sum.1h", "amount spent on the card in the last hour, reference currency"),
  CARD_SUM_24H("card.sum.24h", "amount spent on the card in the last 24 hours (hourly buckets), reference currency"),
  CARD_DISTINCT_MERCHANTS_1H("card.distinctMerchants.1h", "distinct merchants the card paid in the last hour"),
  CARD_DISTINCT_TERMINALS_1H("card.distinctTerminals.1h", "distinct terminals the card was used on in the last hour"),
  CARD_SMALL_COUNT_10M("card.smallCount.10m", "tiny authorisations (under the currencies block's tinyBelow, 2.00 reference) on the card in the last 10 minutes"),
  CARD_SAME_MERCHANT_1H("card.sameMerchant.1h", "transactions of the card at this merchant in the last hour, this one included"),
  CARD_NEAR_LIMIT_10M("card.nearLimit.10m", "near-limit amounts (see tx.nearLimit) on the card in the last 10 minutes"),
  CARD_AMOUNT_ZSCORE("card.amountZScore", "standard deviations of log(amount) above the card's running mean; 0 until 5 transactions"),
  CARD_AFTER_TINY_RATIO("card.afterTinyRatio", "this amount / the previous one when that was tiny (see card.smallCount.10m) within 30 minutes, else 0"),
  TX_MCC_TICKET_RATIO("tx.mccTicketRatio", "this amount over the typical ticket of the merchant's category (MCC); 0 for a category without a norm"),
  TERMINAL_SMALL_CARDS_10M("terminal.smallCards.10m", "distinct cards that paid a tiny amount on this terminal in the 10 minutes before the transaction"),
  TERMINAL_SMALL_SHARE_10M("terminal.smallShare.10m", "share (0-1) of this terminal's payments in those 10 minutes that were tiny"),
  MERCHANT_SMALL_SHARE_10M("merchant.smallShare.10m", "share (0-1) of the merchant's payments in those 10 minutes that were tiny"),
  MERCHANT_SMALL_CARDS_10M("merchant.smallCards.10m", "distinct cards that paid a tiny amount at this merchant, any terminal, in the 10 minutes before the transaction"),
  MERCHANT_TRANSACTIONS("merchant.transactions", "transactions riskgate has seen at the merchant (how much its profile has learned); 0 for a new merchant"),
  MERCHANT_AGE_DAYS("merchant.ageDays", "days since riskgate first saw the merchant"),
  MERCHANT_NIGHT_SHARE("merchant.nightShare", "share (0-1) of the merchant's transactions made between 00:00 and 05:59 local time"),
  MERCHANT_COUNT_1H("merchant.count.1h", "transactions at the merchant in the hour before the transaction"),
  MERCHANT_SUM_1H("merchant.sum.1h", "amount taken by the merchant in that hour, reference currency"),
  MERCHANT_SPIKE_RATIO("merchant.spikeRatio", "merchant.count.1h over the merchant's average hourly count since first seen; 0 in its first hour"),
  CARD_TRAVEL_KMH("card.travelKmh", "speed implied by the distance from the card's previous use, less 50 km of location noise, over the time between (at least a minute), km/h"),
  CARD_MEDIAN_RATIO("card.medianRatio", "this amount over the median of the card's earlier remembered amounts (up to 24, any category); 0 with fewer than 3"),
  CARD_SMALL_COUNT_24H("card.smallCount.24h", "tiny authorisations on the card in the last 24 hours among its last 24 transactions, this one included"),
  CARD_SMALL_MERCHANTS_24H("card.smallMerchants.24h", "distinct merchants of those tiny authorisations (slow card testing moves from shop to shop)"),
  CARD_STRIPE_AFTER_CHIP("card.stripeAfterChip", "1 when this use was read by magnetic stripe, fallback or keyed in, and the card was read by chip (or contactless) at least twice before, else 0"),
  CARD_COUNTRY_SHARE("card.countryShare", "share (0-1) of the card's earlier remembered uses in this transaction's country; 1 until it has 3 (no habit to judge by)"),
  AREA_SMALL_CARDS_30M("area.smallCards.30m", "tiny payments only (0 for others): distinct cards that paid a tiny amount out of place (tx.mccTicketRatio under 0.1: not a fare or a snack) in the area (the terminal's country and half-degree cell) in the half hour up to this payment, this one included if so"),
  AREA_SMALL_MERCHANTS_30M("area.smallMerchants.30m", "tiny payments only: distinct merchants those out-of-place tiny payments were made at"),
  AREA_SMALL_CARDS_RATIO("area.smallCardsRatio", "tiny payments only: area.smallCards.30m over the area's out-of-place tiny payments per half hour in the day before (at least 1)"),
  CARD_MAX_RATIO("card.maxRatio", "this amount over the largest of the card's earlier remembered amounts (up to 24, any category); 0 with fewer than 3"),
  CARD_CATEGORY_SHARE("card.categoryShare", "share (0-1) of the card's earlier remembered uses in this merchant category (MCC); 1 until it has 3 whose category is known");

  private static final Map<String, Feature> BY_NAME = new HashMap<>();

  static {
    for (Feature f : values()) {
      BY_NAME.put(f.featureName, f);
    }
  }

  private final String featureName;
  private final String description;

  Feature(String featureName, String description) {
    this.featureName = featureName;
    this.description = description;
  }

  public String featureName() {
    return featureName;
  }

  public String description() {
    return description;
  }

  /** The feature with this ruleset name, or null. */
  public static Feature byName(String name) {
    return BY_NAME.get(name);
  }
}
