package io.relevans.internal.feature;

import io.relevans.prediction.PurchaseHistory;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * A customer's {@link PurchaseHistory} (what the prediction features need: first and last purchase day
 * with their spend, purchase days, repeat spend) kept in the four cells of one accumulator of kind
 * {@link Kind#SUMMARY}, so that it is stored, merged and dropped with the other features: bucket 0 holds
 * the first day (y, epoch day) and its spend (x), bucket 1 the last day and its spend, bucket 2 the
 * repeat days with spend (y) and the repeat spend (x), bucket 3 the purchase days (y).
 */
final class PurchaseSummaryCells {

    private PurchaseSummaryCells() {
    }

    /** The history in the cells, or null when there is none. */
    static @Nullable PurchaseHistory read(@Nullable Accumulator acc, ZoneId zone) {
        if (acc == null || acc.size != 4) {
            return null;
        }
        return new PurchaseHistory(zone, LocalDate.ofEpochDay(acc.y[0]), acc.x[0], LocalDate.ofEpochDay(acc.y[1]),
                acc.x[1], (int) acc.y[3], acc.x[2], (int) acc.y[2]);
    }

    /** Writes the history into the cells, replacing what they held. */
    static void write(PurchaseHistory h, Accumulator acc) {
        acc.size = 0; // the cells are created again in bucket order, with these values
        acc.cell(0, h.firstDaySpend(), h.firstDay().toEpochDay());
        acc.cell(1, h.lastDaySpend(), h.lastDay().toEpochDay());
        acc.cell(2, h.repeatSpend(), h.repeatSpendDays());
        acc.cell(3, 0, h.purchaseDays());
    }
}
