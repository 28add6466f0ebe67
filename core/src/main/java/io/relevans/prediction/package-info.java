/**
 * Customer-base analysis: how many purchases a customer will make and how much one will be worth, from
 * nothing but the days of their purchases and what they spent.
 *
 * <p>A customer's purchases fold into a {@link io.relevans.prediction.PurchaseHistory} (bounded state,
 * one purchase at a time), which gives a {@link io.relevans.prediction.PurchaseSummary} (repeat purchase
 * days x, recency t<sub>x</sub>, age T, repeat spend) as of a {@link io.relevans.prediction.Calibration}.
 * {@link io.relevans.prediction.BgNbdModel} (Fader, Hardie and Lee 2005) predicts purchases and the
 * probability that a customer is still active; {@link io.relevans.prediction.GammaGammaModel} predicts the
 * average value of a purchase. {@link io.relevans.prediction.BgNbdFit} and
 * {@link io.relevans.prediction.GammaGammaFit} estimate both by maximum likelihood over a customer base,
 * with {@link io.relevans.prediction.FitDiagnostics}. Never null unless a method says otherwise.
 */
@NullMarked
package io.relevans.prediction;

import org.jspecify.annotations.NullMarked;
