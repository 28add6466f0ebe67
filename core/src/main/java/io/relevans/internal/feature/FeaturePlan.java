package io.relevans.internal.feature;

import io.relevans.customer.Category;
import io.relevans.definition.Feature;
import io.relevans.definition.PriceRange;
import io.relevans.event.Event;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.PurchaseHistory;
import io.relevans.spi.FeatureState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * The features the loaded definitions need, in a fixed order, and the operations on one customer's
 * state: fold an event in, read the values at a moment, merge two customers. A customer's state
 * keeps only features of the current plan; state of features no longer needed is dropped on the
 * next write. Immutable and thread-safe.
 */
public final class FeaturePlan {

    private final List<CompiledFeature> features;
    /**
     * The features that keep state, one per key (the predictions share the purchase summary's), in the order
     * of their keys: a feature's slot is its position in the decoded {@link FeatureTable}.
     */
    private final List<CompiledFeature> stateful;
    private final Map<Feature, Integer> index = new HashMap<>();
    /** The keys and kinds of the stateful features, by slot: what a decoded state holds. */
    private final FeatureTable.Layout layout;
    /** For each feature in plan order, the slot of the stateful feature whose state it reads. */
    private final int[] slotOf;
    private final @Nullable CustomerBaseModel model;
    /**
     * The comparisons the segments make, per feature in plan order (null where none), for the stamp's
     * {@link Evaluation#until()}; null when the plan does not know them (every stamp then expires at once).
     */
    private final io.relevans.definition.Operator @Nullable [] @Nullable [] watchedOperators;
    private final double @Nullable [] @Nullable [] watchedOperands;

    private FeaturePlan(List<CompiledFeature> features, @Nullable CustomerBaseModel model) {
        this(features, model, null, null);
    }

    private FeaturePlan(List<CompiledFeature> features, @Nullable CustomerBaseModel model,
                        io.relevans.definition.Operator @Nullable [] @Nullable [] watchedOperators,
                        double @Nullable [] @Nullable [] watchedOperands) {
        this.features = List.copyOf(features);
        this.model = model;
        this.watchedOperators = watchedOperators;
        this.watchedOperands = watchedOperands;
        this.slotOf = new int[this.features.size()];
        Map<Long, CompiledFeature> byKey = new java.util.TreeMap<>(); // ascending: the order states are encoded in
        for (int i = 0; i < this.features.size(); i++) {
            CompiledFeature f = this.features.get(i);
            index.put(f.feature(), i);
            byKey.putIfAbsent(f.key(), f);
        }
        this.stateful = List.copyOf(byKey.values());
        long[] keys = new long[stateful.size()];
        Kind[] kinds = new Kind[stateful.size()];
        for (int slot = 0; slot < keys.length; slot++) {
            keys[slot] = stateful.get(slot).key();
            kinds[slot] = stateful.get(slot).kind();
        }
        this.layout = new FeatureTable.Layout(keys, kinds);
        for (int i = 0; i < this.features.size(); i++) {
            slotOf[i] = java.util.Arrays.binarySearch(keys, this.features.get(i).key()); // present: every key is
        }
    }

    /** The state decoded with the features of this plan, those of others left out ({@link FeatureTable#dropped}). */
    private FeatureTable decode(FeatureState state) {
        return FeatureTable.decode(state, layout);
    }

    /** The cells of the feature at plan position {@code i}, or null. */
    private @Nullable Accumulator cells(FeatureTable table, int i) {
        return table.at(slotOf[i]);
    }

    /**
     * Compiles the features, purchase days of predictions counted in UTC.
     *
     * @throws IllegalArgumentException when a price tier names a category without a price range
     */
    public static FeaturePlan compile(Collection<Feature> needed, Map<Category, PriceRange> ranges) {
        return compile(needed, ranges, java.time.ZoneOffset.UTC);
    }

    /**
     * Compiles the features, purchase days of predictions counted in the zone; predictions have no model
     * until {@link #withModel} gives one.
     *
     * @throws IllegalArgumentException when a price tier names a category without a price range
     */
    public static FeaturePlan compile(Collection<Feature> needed, Map<Category, PriceRange> ranges, ZoneId zone) {
        List<CompiledFeature> compiled = new ArrayList<>();
        for (Feature f : new LinkedHashSet<>(needed)) {
            PriceRange range = null;
            if (f instanceof Feature.PriceTier p) {
                range = ranges.get(p.category());
                if (range == null) {
                    throw new IllegalArgumentException("price tier of category '" + p.category()
                            + "' needs the category's price range; known ranges: " + new java.util.TreeSet<>(ranges.keySet()));
                }
            }
            compiled.add(new CompiledFeature(f, range, zone, null));
        }
        return new FeaturePlan(compiled, null);
    }

    /** Whether a feature of the plan is a prediction. */
    public boolean predicts() {
        return features.stream().anyMatch(CompiledFeature::isPrediction);
    }

    /** This plan with its predictions computed by the model (null: none, they have no value). */
    public FeaturePlan withModel(@Nullable CustomerBaseModel newModel) {
        return new FeaturePlan(features.stream().map(f -> f.withModel(newModel)).toList(), newModel,
                watchedOperators, watchedOperands);
    }

    /**
     * This plan knowing every comparison the segments make of its features (test {@code i}: the feature at
     * plan position {@code features[i]} compared with {@code operators[i]} to {@code operands[i]}), so that
     * the stamps it writes say until when those answer as at their moment ({@link Evaluation#until()}).
     */
    public FeaturePlan watching(int[] positions, io.relevans.definition.Operator[] operators, double[] operands) {
        List<List<Integer>> byFeature = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            byFeature.add(new ArrayList<>());
        }
        for (int t = 0; t < positions.length; t++) {
            byFeature.get(positions[t]).add(t);
        }
        io.relevans.definition.Operator[][] ops = new io.relevans.definition.Operator[features.size()][];
        double[][] xs = new double[features.size()][];
        for (int i = 0; i < features.size(); i++) {
            List<Integer> tests = byFeature.get(i);
            if (tests.isEmpty()) {
                continue;
            }
            ops[i] = new io.relevans.definition.Operator[tests.size()];
            xs[i] = new double[tests.size()];
            for (int k = 0; k < tests.size(); k++) {
                ops[i][k] = operators[tests.get(k)];
                xs[i][k] = operands[tests.get(k)];
            }
        }
        return new FeaturePlan(features, model, ops, xs);
    }

    /**
     * The stamp of a state (reading only its first bytes), or null when it has none.
     *
     * @throws IllegalStateException when the state is corrupt
     */
    public @Nullable Evaluation stampOf(FeatureState state) {
        return FeatureTable.stampOf(state);
    }

    /**
     * The stamp of a table evaluated at the moment by the definitions, with until when its feature tests hold;
     * {@code values} are the table's values at the moment, in plan order.
     */
    private Evaluation stamp(FeatureTable table, long now, long definitions, double[] values) {
        if (watchedOperators == null || watchedOperands == null) { // both or neither
            return new Evaluation(now, definitions);
        }
        long until = Long.MAX_VALUE;
        for (int i = 0; i < watchedOperators.length && until > now + 1; i++) {
            io.relevans.definition.Operator[] operators = watchedOperators[i];
            double[] operands = watchedOperands[i];
            if (operators != null && operands != null) { // both or neither
                CompiledFeature f = features.get(i);
                // the smallest answer: a feature whose answer cannot be below the smallest so far is not worked out
                until = Math.min(until, f.stableUntil(cells(table, i), now, operators, operands, values[i], until));
            }
        }
        return new Evaluation(now, definitions, until);
    }

    /** The model the predictions use, or null. */
    public @Nullable CustomerBaseModel model() {
        return model;
    }

    /**
     * The customer's purchase history as the predictions see it (purchase days in the plan's zone), or null
     * when the plan has no prediction or the customer never bought.
     */
    public @Nullable PurchaseHistory purchaseHistory(FeatureState state) {
        for (int slot = 0; slot < stateful.size(); slot++) {
            CompiledFeature f = stateful.get(slot);
            if (f.isPrediction()) {
                return f.history(decode(state).at(slot));
            }
        }
        return null;
    }

    /**
     * What the feature's value was computed from, for people, when it is a prediction (the summary and the
     * model version, or why it has no value); null otherwise.
     */
    public @Nullable String explain(FeatureState state, Feature feature, long now) {
        int i = indexOf(feature);
        if (i < 0 || !features.get(i).isPrediction()) {
            return null;
        }
        CompiledFeature f = features.get(i);
        return f.explainPrediction(cells(decode(state), i), now);
    }

    /** The features in plan order. */
    public List<CompiledFeature> features() {
        return features;
    }

    /** The position of a feature in plan order, or -1. */
    public int indexOf(Feature feature) {
        return index.getOrDefault(feature, -1);
    }

    /** The values of every feature at the moment (NaN where a feature has no value), in plan order. */
    public double[] values(FeatureState state, long now) {
        return values(decode(state), now);
    }

    private double[] values(FeatureTable table, long now) {
        double[] v = new double[features.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = features.get(i).value(cells(table, i), now);
        }
        return v;
    }

    /**
     * A customer's state brought to a moment: the new state and the feature values at the moment,
     * before and after the change (an event folded in, or expired buckets dropped).
     *
     * @param state    the new state (the same instance when nothing changed and no stamp was asked for)
     * @param before   the values before the change, in plan order; null when not asked for
     * @param after    the values after the change, in plan order
     * @param baseline the values of the state before the change at the moment of its stamp, when it was
     *                 stamped for the same definitions (see {@link #update(FeatureState, Event, long, long)}); else null.
     *                 While the stamp holds ({@link Evaluation#holdsAt}) these are the values at the moment of the
     *                 change instead ({@code before}): every comparison the segments make answers for them as for
     *                 the values at the stamp, which is what a baseline is compared by
     * @param stamp    that stamp, or null with {@code baseline}
     */
    public record Update(FeatureState state, double @Nullable [] before, double[] after, double @Nullable [] baseline,
                         @Nullable Evaluation stamp) {
    }

    /**
     * A state's values at the moment of its stamp, and the stamp.
     *
     * @param values the values at {@code stamp.at()}, in plan order
     * @param stamp  the stamp
     */
    public record AtStamp(double[] values, Evaluation stamp) {
    }

    /**
     * Folds an event into the state and reads the values before and after it, decoding the state once
     * (what {@link #values}, {@link #apply}, {@link #values} would do in three passes). The new state
     * carries no stamp.
     */
    public Update update(FeatureState state, Event event, long now) {
        FeatureTable table = decode(state);
        double[] before = values(table, now);
        boolean changed = retainPlanned(table);
        boolean[] folded = new boolean[stateful.size()];
        changed |= fold(table, event, now, folded);
        return new Update(changed ? table.encode() : state, before, after(table, now, before, folded), null, null);
    }

    /**
     * {@link #update(FeatureState, Event, long)} for a state saved with memberships evaluated at
     * {@code now} by the definitions with the fingerprint: the new state is stamped with them, and when
     * the old state was stamped for the same definitions, the update also gives its values at the moment
     * of that stamp ({@link Update#baseline()}), from which the memberships stored with it were evaluated.
     */
    public Update update(FeatureState state, Event event, long now, long definitions) {
        FeatureTable table = decode(state);
        double[] before = values(table, now);
        Evaluation stamp = table.evaluation;
        double[] baseline = atStamp(table, now, definitions, before);
        retainPlanned(table);
        boolean[] folded = new boolean[stateful.size()];
        fold(table, event, now, folded);
        double[] after = after(table, now, before, folded);
        return new Update(table.encode(stamp(table, now, definitions, after)), before, after, baseline,
                baseline == null ? null : stamp);
    }

    /**
     * The values after a fold at the same moment: those of the features whose state the fold changed read
     * again, the others as before (a value depends only on the state and the moment).
     */
    private double[] after(FeatureTable table, long now, double[] before, boolean[] folded) {
        double[] v = before.clone();
        for (int i = 0; i < v.length; i++) {
            if (folded[slotOf[i]]) {
                v[i] = features.get(i).value(cells(table, i), now);
            }
        }
        return v;
    }

    /**
     * A state's values at the moment of its stamp ({@link Update#baseline()}) and the stamp, when it was
     * stamped by the definitions with the fingerprint (the memberships stored with it were evaluated from
     * them); null otherwise.
     */
    public @Nullable AtStamp atStamp(FeatureState state, long definitions) {
        FeatureTable table = decode(state);
        Evaluation stamp = table.evaluation;
        return stamp != null && stamp.definitions() == definitions ? new AtStamp(values(table, stamp.at()), stamp)
                : null;
    }

    /**
     * The values at the moment of the table's stamp when the definitions with the fingerprint stamped it (what
     * the memberships stored with it were evaluated from), null otherwise; read before the table changes.
     */
    private double @Nullable [] atStamp(FeatureTable table, long now, long definitions, double[] atNow) {
        Evaluation stamp = table.evaluation;
        if (stamp == null || stamp.definitions() != definitions) {
            return null;
        }
        // while the stamp holds, every comparison the segments make answers at its moment as now: the values now
        // stand for those then, with no third pass over the cells
        return stamp.holdsAt(now) ? atNow : valuesAt(table, stamp.at(), now, atNow);
    }

    /** The values at {@code then}, reusing those at {@code now} for features whose window is the same at both. */
    private double[] valuesAt(FeatureTable table, long then, long now, double[] atNow) {
        double[] v = new double[features.size()];
        for (int i = 0; i < v.length; i++) {
            CompiledFeature f = features.get(i);
            v[i] = f.sameAt(then, now) ? atNow[i] : f.value(cells(table, i), then);
        }
        return v;
    }

    private boolean fold(FeatureTable table, Event event, long now) {
        return fold(table, event, now, null);
    }

    /** Folds the event in; marks in {@code folded} (when given) the stateful features whose state changed. */
    private boolean fold(FeatureTable table, Event event, long now, boolean @Nullable [] folded) {
        boolean changed = false;
        for (int slot = 0; slot < stateful.size(); slot++) {
            CompiledFeature f = stateful.get(slot);
            if (!f.accepts(event)) {
                continue;
            }
            Accumulator found = table.at(slot);
            Accumulator acc = found != null ? found : new Accumulator(2);
            if (f.apply(event, acc, now)) {
                changed = true;
                if (folded != null) {
                    folded[slot] = true;
                }
                table.put(slot, acc);
            }
        }
        return changed;
    }

    /**
     * Folds an event into the state.
     *
     * @return the new state (the same instance when nothing changed)
     */
    public FeatureState apply(FeatureState state, Event event, long now) {
        return applyAll(state, java.util.List.of(event), now);
    }

    /**
     * Folds events into the state in their order, decoding and encoding once (imports, backfills):
     * the same state as {@link #apply} event by event.
     *
     * @return the new state (the same instance when nothing changed)
     */
    public FeatureState applyAll(FeatureState state, java.util.List<Event> events, long now) {
        FeatureTable table = decode(state);
        boolean changed = retainPlanned(table);
        for (Event event : events) {
            changed |= fold(table, event, now);
        }
        return changed ? table.encode() : state;
    }

    /**
     * {@link #applyAll} then {@link #refresh(FeatureState, long, long)} with one decoding and one encoding:
     * the events folded, what left the windows dropped, the state stamped for the definitions, its values.
     */
    public Update applyAllAndRefresh(FeatureState state, java.util.List<Event> events, long now, long definitions) {
        FeatureTable table = decode(state);
        retainPlanned(table);
        for (Event event : events) {
            fold(table, event, now);
        }
        dropExpired(table, now);
        double[] values = values(table, now);
        return new Update(table.encode(stamp(table, now, definitions, values)), null, values, null, null);
    }

    /**
     * {@link #prune} and {@link #values} of the pruned state with one decoding: the pruned state (the
     * same instance when nothing was dropped) and its values; {@code before} is null.
     */
    public Update refresh(FeatureState state, long now) {
        FeatureTable table = decode(state);
        boolean changed = dropExpired(table, now);
        return new Update(changed ? table.encode() : state, null, values(table, now), null, null);
    }

    /**
     * {@link #refresh(FeatureState, long)} for a state saved with memberships evaluated at {@code now}
     * by the definitions with the fingerprint: the new state is stamped with them.
     */
    public Update refresh(FeatureState state, long now, long definitions) {
        FeatureTable table = decode(state);
        dropExpired(table, now);
        double[] values = values(table, now);
        return new Update(table.encode(stamp(table, now, definitions, values)), null, values, null, null);
    }

    /**
     * {@link #refresh(FeatureState, long, long)} for a state whose stored memberships were evaluated at its
     * stamp and are still the ones stored: when the state was stamped by the same definitions, the update
     * also gives its values at the stamp's moment ({@link Update#baseline()}) and the stamp, as
     * {@link #update(FeatureState, Event, long, long)} does, so that an evaluation from the stored memberships
     * need only evaluate the segments whose tests may answer otherwise now. Not for a state whose features
     * were changed after its stamp without an evaluation (a backfill's).
     */
    public Update refreshFromStamp(FeatureState state, long now, long definitions) {
        FeatureTable table = decode(state);
        Evaluation stamp = table.evaluation;
        // what left the windows by now is not in the values now: they are the same before the drop and after it
        double[] values = values(table, now);
        double[] baseline = atStamp(table, now, definitions, values);
        dropExpired(table, now);
        return new Update(table.encode(stamp(table, now, definitions, values)), null, values, baseline,
                baseline == null ? null : stamp);
    }

    /** Drops buckets that left their windows at the moment, and features not in the plan. */
    public FeatureState prune(FeatureState state, long now) {
        FeatureTable table = decode(state);
        return dropExpired(table, now) ? table.encode() : state;
    }

    private boolean dropExpired(FeatureTable table, long now) {
        boolean changed = retainPlanned(table);
        for (int slot = 0; slot < stateful.size(); slot++) {
            CompiledFeature f = stateful.get(slot);
            Accumulator acc = table.at(slot);
            if (acc != null && f.buckets() > 0 && f.feature().window().bucket().toMillis() > 0) {
                int before = acc.size;
                acc.dropUpTo(f.bucketOf(now) - f.buckets());
                if (acc.size != before) {
                    table.touched(slot);
                    changed = true;
                }
            }
        }
        return changed;
    }

    /**
     * The state with the accumulators of the features with the keys taken from another state, as they are
     * there (none where it has none): a backfill's features replace what live events gave them meanwhile.
     */
    public FeatureState withFeaturesOf(FeatureState state, FeatureState from, Set<Long> keys) {
        FeatureTable into = decode(state);
        FeatureTable source = decode(from);
        retainPlanned(into);
        for (int slot = 0; slot < stateful.size(); slot++) {
            if (keys.contains(stateful.get(slot).key())) {
                Accumulator acc = source.at(slot);
                into.put(slot, acc == null ? null : acc.copy());
            }
        }
        return into.encode();
    }

    /** The state of one person from two customers' states: counts and sums add, extremes combine. */
    public FeatureState merge(FeatureState a, FeatureState b) {
        FeatureTable into = decode(a);
        FeatureTable from = decode(b);
        retainPlanned(into);
        for (int slot = 0; slot < stateful.size(); slot++) {
            Accumulator other = from.at(slot);
            if (other == null) {
                continue;
            }
            Accumulator acc = into.at(slot);
            if (acc == null) {
                into.put(slot, other.copy());
            } else {
                stateful.get(slot).merge(acc, other);
                into.touched(slot);
            }
        }
        return into.encode();
    }

    /** Whether the state decoded held features of no stateful feature of this plan (decoding left them out). */
    private static boolean retainPlanned(FeatureTable table) {
        return table.dropped;
    }

    /** The features as a read-only list of definitions. */
    public List<Feature> definitions() {
        List<Feature> out = new ArrayList<>();
        features.forEach(f -> out.add(f.feature()));
        return Collections.unmodifiableList(out);
    }
}
