package io.relevans.internal.feature;

import io.relevans.customer.Value;
import io.relevans.definition.Feature;
import io.relevans.definition.Operator;
import io.relevans.definition.PriceRange;
import io.relevans.definition.PropertyFilter;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.internal.Digests;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.PurchaseHistory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A feature ready to be maintained: which events feed it, how rows are filtered and folded, its
 * bucket size and its stable 64-bit key (a digest of the feature's canonical text, so state written
 * by one process is read by the next even when the definitions around it change).
 */
public final class CompiledFeature {

    private static final long DAY_MILLIS = 86_400_000L;

    private final Feature feature;
    private final String description;
    private final long key;
    private final Kind kind;
    private final @Nullable EventType eventType; // null: every event (channels used)
    private final String property; // empty: none
    private final List<PropertyFilter> filters;
    private final boolean perLine;
    private final long bucketMillis; // 0: all time
    private final int buckets;
    private final @Nullable PriceRange range;
    /** For predictions: what is predicted, the zone of purchase days, the model (null: none yet). */
    private final Feature.@Nullable Predicted predicted;
    private final ZoneId zone;
    private final @Nullable CustomerBaseModel model;

    CompiledFeature(Feature feature, @Nullable PriceRange range, ZoneId zone, @Nullable CustomerBaseModel model) {
        this.feature = feature;
        this.description = feature.describe();
        this.range = range;
        this.predicted = feature instanceof Feature.Predicted p ? p : null;
        this.zone = zone;
        this.model = model;
        // predictions share one state, the purchase summary, under a key of its own (per zone of its days)
        this.key = predicted != null ? summaryKey(zone) : keyOf(feature);
        this.bucketMillis = feature.window().bucket().toMillis();
        this.buckets = feature.window().buckets();
        if (feature instanceof Feature.Aggregate a) {
            kind = switch (a.aggregation()) {
                case COUNT -> Kind.COUNT;
                case SUM -> Kind.SUM;
                case MIN -> Kind.MIN;
                case MAX -> Kind.MAX;
                case LAST -> Kind.LAST;
            };
            eventType = a.eventType();
            property = a.property();
            filters = a.filters();
            perLine = a.perLine();
        } else if (feature instanceof Feature.TimeSince t) {
            kind = Kind.SINCE;
            eventType = t.eventType();
            property = "";
            filters = t.filters();
            perLine = t.filters().stream().anyMatch(PropertyFilter::isLineFilter);
        } else if (predicted != null) {
            kind = Kind.SUMMARY;
            eventType = EventType.PURCHASE;
            property = "";
            filters = List.of();
            perLine = false;
        } else if (feature instanceof Feature.ChannelsUsed) {
            kind = Kind.CHANNELS;
            eventType = null;
            property = "";
            filters = List.of();
            perLine = false;
        } else {
            Feature.PriceTier p = (Feature.PriceTier) feature;
            kind = Kind.TIER;
            eventType = EventType.PURCHASE;
            property = "line.price";
            filters = List.of(new PropertyFilter("line.category", Operator.EQ, Value.of(p.category().name())));
            perLine = true;
        }
    }

    /** This prediction with another model (null: none); this feature when it is no prediction. */
    CompiledFeature withModel(@Nullable CustomerBaseModel newModel) {
        return predicted == null ? this : new CompiledFeature(feature, range, zone, newModel);
    }

    /** The model this prediction uses, or null. */
    @Nullable CustomerBaseModel model() {
        return model;
    }

    /** Whether this is a prediction, reading the purchase summary. */
    boolean isPrediction() {
        return predicted != null;
    }

    /** The purchase history in this prediction's state, or null. */
    @Nullable PurchaseHistory history(@Nullable Accumulator acc) {
        return PurchaseSummaryCells.read(acc, zone);
    }

    /** The key of the purchase summary that predictions with purchase days in the zone read. */
    static long summaryKey(ZoneId zone) {
        return Digests.sha256Long("purchase_summary(days in " + zone.getId() + ")");
    }

    /** The definition this was compiled from. */
    public Feature feature() {
        return feature;
    }

    public long key() {
        return key;
    }

    Kind kind() {
        return kind;
    }

    int buckets() {
        return buckets;
    }

    /** Whether events of the type can change this feature. */
    public boolean accepts(EventType type) {
        return eventType == null ? !type.equals(EventType.SEGMENT_ENTERED) && !type.equals(EventType.SEGMENT_EXITED)
                : eventType.equals(type);
    }

    /** Whether the event can change this feature: channels used counts customer touchpoints only. */
    boolean accepts(Event event) {
        return accepts(event.type()) && (kind != Kind.CHANNELS || event.origin() != io.relevans.event.Origin.SYSTEM);
    }

    /** Whether the value at one moment is the value at the other, whatever the state (same window, no age). */
    boolean sameAt(long a, long b) {
        if (kind == Kind.SUMMARY) {
            return day(a) == day(b); // predictions count whole days
        }
        return kind != Kind.SINCE && bucketOf(a) == bucketOf(b);
    }

    private long day(long millis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(millis), zone).toEpochDay();
    }

    long bucketOf(long millis) {
        return bucketMillis == 0 ? 0 : Math.floorDiv(millis, bucketMillis);
    }

    /**
     * Folds the event into the accumulator, then drops buckets that left the window at {@code now}.
     *
     * @return whether the accumulator changed
     */
    boolean apply(Event event, Accumulator acc, long now) {
        if (kind == Kind.SUMMARY) {
            // a refund may make the total negative: it is a purchase day with no spend
            double amount = Math.max(0, event.total());
            PurchaseHistory h = PurchaseSummaryCells.read(acc, zone);
            PurchaseHistory next;
            try {
                next = h == null ? PurchaseHistory.first(event.time(), amount, zone) : h.with(event.time(), amount);
            } catch (ArithmeticException | IllegalArgumentException e) {
                return false; // spend totals beyond a double, or 2^31 purchase days: the summary stays as it was
            }
            PurchaseSummaryCells.write(next, acc);
            return true;
        }
        long t = event.time().toEpochMilli();
        long b = bucketOf(t);
        if (bucketMillis != 0 && b <= bucketOf(now) - buckets) {
            return false; // already outside the window
        }
        boolean changed = false;
        if (perLine) {
            for (Line line : event.lines()) {
                changed |= fold(new Row(event, line), acc, b, t);
            }
        } else {
            changed = fold(new Row(event, null), acc, b, t);
        }
        if (bucketMillis != 0) {
            int before = acc.size;
            acc.dropUpTo(bucketOf(now) - buckets);
            changed |= acc.size != before;
        }
        return changed;
    }

    private boolean fold(Row row, Accumulator acc, long b, long t) {
        for (PropertyFilter f : filters) {
            if (!f.passes(row.get(f.property()))) {
                return false;
            }
        }
        double v = 0;
        if (!property.isEmpty()) {
            Value value = row.get(property);
            v = value == null ? Double.NaN : value.asNumber();
            if (Double.isNaN(v)) {
                return false;
            }
        }
        switch (kind) {
            // the cell index first: cell() may replace the arrays when it grows them
            case COUNT -> {
                int i = acc.cell(b, 0, 0);
                acc.x[i] += 1;
            }
            case SUM -> {
                int i = acc.cell(b, 0, 0);
                acc.x[i] += v;
            }
            case MIN -> {
                int i = acc.cell(b, v, 0);
                acc.x[i] = Math.min(acc.x[i], v);
            }
            case MAX -> {
                int i = acc.cell(b, v, 0);
                acc.x[i] = Math.max(acc.x[i], v);
            }
            case LAST -> {
                int i = acc.cell(b, v, t);
                if (t >= acc.y[i]) {
                    acc.x[i] = v;
                    acc.y[i] = t;
                }
            }
            case CHANNELS -> {
                int i = acc.cell(b, 0, 0);
                acc.y[i] |= 1L << row.origin().ordinal();
            }
            case TIER -> {
                int i = acc.cell(b, 0, 0);
                acc.x[i] += tierRange().share(v);
                acc.y[i] += 1;
            }
            case SINCE -> {
                int i = acc.cell(0, 0, t);
                acc.y[i] = Math.max(acc.y[i], t);
            }
        }
        return true;
    }

    /**
     * The first moment after {@code now} at which one of the tests ({@code operators[i]} with
     * {@code operands[i]}) may answer otherwise for this state than at {@code now}, without new events:
     * {@link Long#MAX_VALUE} when none can. Never later than the true moment; it may be earlier where the
     * exact one is not worth finding (a value that equals its threshold, a sum close to it, cells after
     * {@code now}).
     */
    long stableUntil(@Nullable Accumulator acc, long now, Operator[] operators, double[] operands) {
        return stableUntil(acc, now, operators, operands, value(acc, now), Long.MAX_VALUE);
    }

    /**
     * {@link #stableUntil(Accumulator, long, Operator[], double[])} given the value at {@code now} ({@link #value}
     * of the same cells), and a {@code ceiling}: when the answer cannot be below it (its cheap lower bound, the
     * moment the oldest cell in the window leaves, is not), some moment at or above the ceiling is returned
     * instead of the answer, so that the smallest of the answers of several features is the same.
     */
    long stableUntil(@Nullable Accumulator acc, long now, Operator[] operators, double[] operands, double current,
                     long ceiling) {
        if (acc == null || acc.size == 0) {
            return Long.MAX_VALUE; // no value, and none comes without an event
        }
        if (kind == Kind.SUMMARY) {
            if (model == null) {
                return Long.MAX_VALUE; // no value until a model, and a model changes the fingerprint
            }
            // predictions are computed for the day: the next may answer otherwise
            return LocalDate.ofInstant(Instant.ofEpochMilli(now), zone).plusDays(1).atStartOfDay(zone).toInstant()
                    .toEpochMilli();
        }
        if (kind == Kind.SINCE) {
            return sinceUntil(acc, now, operators, operands);
        }
        if (bucketMillis == 0) {
            return Long.MAX_VALUE; // all time: only events change it
        }
        long high = bucketOf(now);
        long low = high - buckets;
        int first = 0;
        while (first < acc.size && acc.bucket[first] <= low) {
            first++;
        }
        int end = first;
        while (end < acc.size && acc.bucket[end] <= high) {
            end++;
        }
        // a cell after now (an event from the future) enters the window at its bucket's start
        long until = end < acc.size ? acc.bucket[end] * bucketMillis : Long.MAX_VALUE;
        // no answer comes before the oldest cell in the window leaves (or a cell after now enters)
        long floor = first < end ? Math.min(until, (acc.bucket[first] + buckets) * bucketMillis) : until;
        if (floor >= ceiling) {
            return floor;
        }
        boolean[] answers = new boolean[operators.length];
        for (int t = 0; t < operators.length; t++) {
            answers[t] = operators[t].test(current, operands[t]);
        }
        // the values after the oldest cells leave, one by one: suffix aggregates of the cells in the window
        double[] after = suffixValues(acc, first, end);
        // sums of doubles are added in another order than value() adds them: near the threshold, assume a change
        boolean rounded = kind == Kind.SUM || kind == Kind.TIER;
        double scale = 0;
        for (int i = first; rounded && i < end; i++) {
            scale += Math.abs(acc.x[i]);
        }
        for (int k = first; k < end; k++) {
            long leaves = (acc.bucket[k] + buckets) * bucketMillis;
            if (leaves >= until) {
                break;
            }
            double v = after[k - first + 1];
            for (int t = 0; t < operators.length; t++) {
                double x = operands[t];
                boolean close = rounded && !Double.isNaN(v) && Math.abs(v - x) <= 1e-9 * (scale + Math.abs(x) + 1);
                if (close || operators[t].test(v, x) != answers[t]) {
                    return leaves;
                }
            }
        }
        return until;
    }

    /**
     * The value of the cells {@code from..end-1} without the first {@code k} of them, for k = 0..end-from
     * (index k), as {@link #value} reads a window holding just those cells.
     */
    private double[] suffixValues(Accumulator acc, int from, int end) {
        int n = end - from;
        double[] out = new double[n + 1];
        double x = kind == Kind.MIN ? Double.POSITIVE_INFINITY : kind == Kind.MAX ? Double.NEGATIVE_INFINITY : 0;
        long y = kind == Kind.LAST ? Long.MIN_VALUE : 0;
        boolean any = false;
        out[n] = empty();
        for (int i = end - 1; i >= from; i--) {
            any = true;
            switch (kind) {
                case COUNT, SUM -> x += acc.x[i];
                case MIN -> x = Math.min(x, acc.x[i]);
                case MAX -> x = Math.max(x, acc.x[i]);
                case LAST -> {
                    if (acc.y[i] > y) { // value() keeps the last of equal times: the first seen from the end
                        y = acc.y[i];
                        x = acc.x[i];
                    }
                }
                case CHANNELS -> y |= acc.y[i];
                case TIER -> {
                    x += acc.x[i];
                    y += acc.y[i];
                }
                default -> throw new IllegalStateException("no windowed value for " + kind);
            }
            out[i - from] = switch (kind) {
                case COUNT, SUM -> x;
                case CHANNELS -> Long.bitCount(y);
                case MIN, MAX, LAST -> any ? x : Double.NaN;
                case TIER -> y > 0 ? x / y : Double.NaN;
                default -> throw new IllegalStateException("no windowed value for " + kind);
            };
        }
        return out;
    }

    /** The value of an empty window. */
    private double empty() {
        return switch (kind) {
            case COUNT, SUM, CHANNELS -> 0;
            default -> Double.NaN;
        };
    }

    /**
     * "Days since" grows by itself: a test flips when the days pass its threshold. Conservative by a
     * millisecond against the division's rounding; a value at its threshold may flip at once.
     */
    private long sinceUntil(Accumulator acc, long now, Operator[] operators, double[] operands) {
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < acc.size; i++) {
            newest = Math.max(newest, acc.y[i]);
        }
        double current = (now - newest) / (double) DAY_MILLIS;
        long until = Long.MAX_VALUE;
        for (int t = 0; t < operators.length; t++) {
            double x = operands[t];
            if (current > x) {
                continue; // it only grows: every operator answers as now for ever
            }
            if (current == x) {
                return now + 1;
            }
            double crossing = newest + x * DAY_MILLIS; // the value reaches x about here
            long at = crossing >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.floor(crossing) - 1;
            until = Math.min(until, Math.max(now + 1, at));
        }
        return until;
    }

    /** The feature's value at {@code now}, or NaN when it has none. */
    double value(@Nullable Accumulator acc, long now) {
        if (kind == Kind.SUMMARY) {
            return predict(PurchaseSummaryCells.read(acc, zone), now);
        }
        long low = bucketMillis == 0 ? Long.MIN_VALUE : bucketOf(now) - buckets;
        long high = bucketMillis == 0 ? Long.MAX_VALUE : bucketOf(now);
        double x = switch (kind) {
            case MIN -> Double.POSITIVE_INFINITY;
            case MAX -> Double.NEGATIVE_INFINITY;
            default -> 0;
        };
        long y = kind == Kind.LAST || kind == Kind.SINCE ? Long.MIN_VALUE : 0;
        boolean any = false;
        if (acc != null) {
            for (int i = 0; i < acc.size; i++) {
                long b = acc.bucket[i];
                if (b <= low || b > high) {
                    continue;
                }
                any = true;
                switch (kind) {
                    case COUNT, SUM -> x += acc.x[i];
                    case MIN -> x = Math.min(x, acc.x[i]);
                    case MAX -> x = Math.max(x, acc.x[i]);
                    case LAST -> {
                        if (acc.y[i] >= y) {
                            y = acc.y[i];
                            x = acc.x[i];
                        }
                    }
                    case CHANNELS -> y |= acc.y[i];
                    case TIER -> {
                        x += acc.x[i];
                        y += acc.y[i];
                    }
                    case SINCE -> y = Math.max(y, acc.y[i]);
                }
            }
        }
        return switch (kind) {
            case COUNT, SUM -> x;
            case CHANNELS -> Long.bitCount(y);
            case MIN, MAX, LAST -> any ? x : Double.NaN;
            case TIER -> y > 0 ? x / y : Double.NaN;
            case SINCE -> any ? (now - y) / (double) DAY_MILLIS : Double.NaN;
            case SUMMARY -> throw new IllegalStateException("a summary is read by predict"); // returned above
        };
    }

    /**
     * The prediction for the history at the moment: NaN without a history, without a usable model, or when
     * the model cannot answer (a horizon beyond what it sums for this customer); never throws.
     */
    private double predict(@Nullable PurchaseHistory h, long now) {
        Feature.Predicted predicted = this.predicted; // present: a summary is read only for predictions
        if (h == null || predicted == null || model == null || !model.usable()) {
            return Double.NaN;
        }
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), zone);
        try {
            return switch (predicted.prediction()) {
                case ALIVE -> model.probabilityAlive(h, today);
                case PURCHASES -> model.expectedPurchases(h, today, predicted.horizonDays());
                case SPEND -> model.expectedSpend(h, today, predicted.horizonDays(), predicted.discount());
            };
        } catch (RuntimeException e) {
            return Double.NaN; // the models check their inputs: a summary they refuse has no prediction
        }
    }

    /**
     * What a prediction was computed from, for people: the summary (x, t_x, T in the model's unit) and the
     * model version, or why there is no value.
     */
    String explainPrediction(@Nullable Accumulator acc, long now) {
        PurchaseHistory h = PurchaseSummaryCells.read(acc, zone);
        if (model == null) {
            return "no model: fit one (Relevans.fitPredictions)";
        }
        if (!model.usable()) {
            return "no usable model: v" + model.version() + " is not reliable (" + model.purchases().diagnostics()
                    .summary() + ")";
        }
        if (h == null) {
            return "no purchase (model v" + model.version() + ")";
        }
        io.relevans.prediction.PurchaseSummary s = model.summaryOn(h, LocalDate.ofInstant(Instant.ofEpochMilli(now),
                zone));
        String unit = model.calibration().unit().toString().toLowerCase(java.util.Locale.ROOT);
        return String.format(java.util.Locale.ROOT, "x = %d, t_x = %.2f, T = %.2f %s; model v%d",
                s.repeatPurchases(), s.recency(), s.age(), unit, model.version());
    }

    /** Folds another customer's cells of this feature into the accumulator (profile merge). */
    void merge(Accumulator into, Accumulator from) {
        if (kind == Kind.SUMMARY) {
            PurchaseHistory a = PurchaseSummaryCells.read(into, zone);
            PurchaseHistory b = PurchaseSummaryCells.read(from, zone);
            if (b != null) {
                try {
                    PurchaseSummaryCells.write(a == null ? b : a.merge(b), into);
                } catch (ArithmeticException | IllegalArgumentException e) {
                    // totals beyond a double: the survivor's summary stays
                }
            }
            return;
        }
        for (int j = 0; j < from.size; j++) {
            long b = from.bucket[j];
            double fx = from.x[j];
            long fy = from.y[j];
            int i = into.cell(b, kind == Kind.MIN || kind == Kind.MAX ? fx : 0, kind == Kind.LAST ? Long.MIN_VALUE : 0);
            switch (kind) {
                case COUNT, SUM -> into.x[i] += fx;
                case MIN -> into.x[i] = Math.min(into.x[i], fx);
                case MAX -> into.x[i] = Math.max(into.x[i], fx);
                case LAST -> {
                    if (fy > into.y[i] || (fy == into.y[i] && fx > into.x[i])) {
                        into.x[i] = fx;
                        into.y[i] = fy;
                    }
                }
                case CHANNELS -> into.y[i] |= fy;
                case TIER -> {
                    into.x[i] += fx;
                    into.y[i] += fy;
                }
                case SINCE -> into.y[i] = Math.max(into.y[i], fy);
            }
        }
    }

    /** The price range of a price tier, which compile() checked it has. */
    private PriceRange tierRange() {
        return Objects.requireNonNull(range, "a price tier has its category's price range");
    }

    static long keyOf(Feature feature) {
        return Digests.sha256Long(feature.describe());
    }

    /** The feature's canonical text, as {@link Feature#describe()} gives it. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
