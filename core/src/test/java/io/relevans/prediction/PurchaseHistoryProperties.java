package io.relevans.prediction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The fold of purchases into a {@link PurchaseHistory}: exact against the days counted directly, whatever the
 * order within what the class documents, and the documented merge semantics.
 */
class PurchaseHistoryProperties {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Calibration CALIBRATION = Calibration.through(LocalDate.of(2026, 12, 31));

    /** A purchase: day offset, hour, amount in quarters (so that every sum is exact in any order). */
    record Purchase(int day, int hour, int quarters) {
        Instant time() {
            return START.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
        }

        double amount() {
            return quarters / 4.0;
        }
    }

    @Provide
    Arbitrary<List<Purchase>> purchases() {
        return Combinators.combine(Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 23),
                        Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(1, 4_000))))
                .as(Purchase::new).list().ofMinSize(1).ofMaxSize(30);
    }

    static PurchaseHistory fold(List<Purchase> purchases) {
        PurchaseHistory h = null;
        for (Purchase p : purchases) {
            h = h == null ? PurchaseHistory.first(p.time(), p.amount()) : h.with(p.time(), p.amount());
        }
        return h;
    }

    /** The summary computed from the set of purchase days. */
    static PurchaseSummary direct(List<Purchase> purchases) {
        TreeMap<Integer, Double> days = new TreeMap<>();
        for (Purchase p : purchases) {
            days.merge(p.day(), p.amount(), Double::sum);
        }
        int first = days.firstKey();
        double repeat = 0;
        int positive = 0;
        for (var e : days.tailMap(first, false).entrySet()) {
            repeat += e.getValue();
            positive += e.getValue() > 0 ? 1 : 0;
        }
        LocalDate firstDay = LocalDate.ofInstant(START, ZoneOffset.UTC).plusDays(first);
        return new PurchaseSummary(days.size() - 1, (days.lastKey() - first) / 7.0,
                CALIBRATION.between(firstDay, CALIBRATION.lastDay()), repeat, positive);
    }

    @Property
    void fold_inTimeOrder_isExact(@ForAll("purchases") List<Purchase> purchases) {
        List<Purchase> sorted = new ArrayList<>(purchases);
        sorted.sort(Comparator.comparingInt(Purchase::day).thenComparingInt(Purchase::hour));
        assertEquals(direct(purchases), fold(sorted).summary(CALIBRATION));
    }

    @Property
    void fold_daysInOrder_purchasesOfADayInAnyOrder_isExact(@ForAll("purchases") List<Purchase> purchases,
                                                            @ForAll long seed) {
        List<Purchase> shuffled = new ArrayList<>(purchases);
        Collections.shuffle(shuffled, new Random(seed));
        shuffled.sort(Comparator.comparingInt(Purchase::day)); // stable: within a day, shuffled
        assertEquals(direct(purchases), fold(shuffled).summary(CALIBRATION));
    }

    @Property
    void fold_oneDayAPurchase_anyOrder_isExact(@ForAll("purchases") List<Purchase> purchases, @ForAll long seed) {
        List<Purchase> oneADay = new ArrayList<>(purchases.stream()
                .collect(java.util.stream.Collectors.toMap(Purchase::day, p -> p, (p, q) -> p)).values());
        Collections.shuffle(oneADay, new Random(seed));
        assertEquals(direct(oneADay), fold(oneADay).summary(CALIBRATION));
    }

    @Property
    void fold_anyOrder_countsAnUpperBound_andSpendExactly(@ForAll("purchases") List<Purchase> purchases,
                                                         @ForAll long seed) {
        List<Purchase> shuffled = new ArrayList<>(purchases);
        Collections.shuffle(shuffled, new Random(seed));
        PurchaseSummary exact = direct(purchases);
        PurchaseSummary folded = fold(shuffled).summary(CALIBRATION);
        assertTrue(folded.repeatPurchases() >= exact.repeatPurchases() && folded.repeatPurchases() < purchases.size());
        assertEquals(exact.recency(), folded.recency());
        assertEquals(exact.age(), folded.age());
        assertEquals(exact.repeatSpend(), folded.repeatSpend());
        assertEquals(fold(shuffled).totalSpend(), purchases.stream().mapToDouble(Purchase::amount).sum());
    }

    @Property
    void merge_ofHistoriesThatMeetAtMostAtTheirEnds_isExact(@ForAll("purchases") List<Purchase> one,
                                                            @ForAll("purchases") List<Purchase> other) {
        int end = one.stream().mapToInt(Purchase::day).max().orElseThrow();
        List<Purchase> later = other.stream().map(p -> new Purchase(p.day() + end, p.hour(), p.quarters())).toList();
        List<Purchase> all = new ArrayList<>(one);
        all.addAll(later);
        PurchaseHistory merged = fold(sorted(one)).merge(fold(sorted(later)));
        assertEquals(direct(all), merged.summary(CALIBRATION));
        assertEquals(merged, fold(sorted(later)).merge(fold(sorted(one))));
    }

    @Property
    void merge_ofOverlappingHistories_isCommutative_withSpendExact_andDaysBounded(
            @ForAll("purchases") List<Purchase> one, @ForAll("purchases") List<Purchase> other) {
        PurchaseHistory a = fold(sorted(one));
        PurchaseHistory b = fold(sorted(other));
        PurchaseHistory merged = a.merge(b);
        assertEquals(merged, b.merge(a));
        List<Purchase> all = new ArrayList<>(one);
        all.addAll(other);
        PurchaseSummary exact = direct(all);
        PurchaseSummary summary = merged.summary(CALIBRATION);
        assertTrue(summary.repeatPurchases() >= exact.repeatPurchases(), summary + " vs " + exact);
        assertTrue(merged.purchaseDays() <= a.purchaseDays() + b.purchaseDays());
        assertEquals(exact.recency(), summary.recency());
        assertEquals(exact.age(), summary.age());
        assertEquals(exact.repeatSpend(), summary.repeatSpend());
        assertTrue(summary.repeatSpendCount() >= exact.repeatSpendCount());
    }

    @Property
    void merge_withItself_countsEachEndpointDayOnce(@ForAll("purchases") @Size(min = 1, max = 1) List<Purchase> one) {
        PurchaseHistory a = fold(one);
        assertEquals(1, a.merge(a).purchaseDays());
        assertEquals(2 * a.totalSpend(), a.merge(a).totalSpend());
    }

    private static List<Purchase> sorted(List<Purchase> purchases) {
        List<Purchase> s = new ArrayList<>(purchases);
        s.sort(Comparator.comparingInt(Purchase::day).thenComparingInt(Purchase::hour));
        return s;
    }
}
