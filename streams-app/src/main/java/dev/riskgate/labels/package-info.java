/** Outcomes of decided transactions (chargebacks, confirmed fraud, analysts' verdicts): read from files, sent to fraud-labels. */
package dev.riskgate.labels;
