package io.relevans.internal.feature;

import io.relevans.customer.Category;
import io.relevans.definition.Feature;
import io.relevans.definition.PriceRange;
import io.relevans.event.Event;
import io.relevans.spi.FeatureState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The features the loaded definitions need, in a fixed order, and the operations on one customer's
 * state: fold an event in, read the values at a moment, merge two customers. A customer's state
 * keeps only features of the current plan; state of features no longer needed is dropped on the
 * next write. Immutable and thread-safe.
 */
public final class FeaturePlan {

    private final List<CompiledFeature> features;
    private final Map<Feature, Integer> index = new HashMap<>();

    private FeaturePlan(List<CompiledFeature> features) {
        this.features = List.copyOf(features);
        for (int i = 0; i < this.features.size(); i++) {
            index.put(this.features.get(i).feature(), i);
        }
    }

    /**
     * Compiles the features.
     *
     * @throws IllegalArgumentException when a price tier names a category without a price range
     */
    public static FeaturePlan compile(Collection<Feature> needed, Map<Category, PriceRange> ranges) {
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
            compiled.add(new CompiledFeature(f, range));
        }
        return new FeaturePlan(compiled);
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
        return values(FeatureTable.decode(state), now);
    }

    private double[] values(FeatureTable table, long now) {
        double[] v = new double[features.size()];
        for (int i = 0; i < v.length; i++) {
            CompiledFeature f = features.get(i);
            v[i] = f.value(table.byKey.get(f.key()), now);
        }
        return v;
    }

    /**
     * Folds an event into the state.
     *
     * @return the new state (the same instance when nothing changed)
     */
    public FeatureState apply(FeatureState state, Event event, long now) {
        FeatureTable table = FeatureTable.decode(state);
        boolean changed = retainPlanned(table);
        for (CompiledFeature f : features) {
            if (!f.accepts(event)) {
                continue;
            }
            Accumulator acc = table.byKey.get(f.key());
            boolean created = acc == null;
            if (created) {
                acc = new Accumulator(2);
            }
            if (f.apply(event, acc, now)) {
                changed = true;
                if (created) {
                    table.byKey.put(f.key(), acc);
                    table.kinds.put(f.key(), f.kind());
                }
            }
        }
        return changed ? table.encode() : state;
    }

    /** Drops buckets that left their windows at the moment, and features not in the plan. */
    public FeatureState prune(FeatureState state, long now) {
        FeatureTable table = FeatureTable.decode(state);
        boolean changed = retainPlanned(table);
        for (CompiledFeature f : features) {
            Accumulator acc = table.byKey.get(f.key());
            if (acc != null && f.buckets() > 0 && f.feature().window().bucket().toMillis() > 0) {
                int before = acc.size;
                acc.dropUpTo(f.bucketOf(now) - f.buckets());
                changed |= acc.size != before;
            }
        }
        return changed ? table.encode() : state;
    }

    /** The state of one person from two customers' states: counts and sums add, extremes combine. */
    public FeatureState merge(FeatureState a, FeatureState b) {
        FeatureTable into = FeatureTable.decode(a);
        FeatureTable from = FeatureTable.decode(b);
        retainPlanned(into);
        for (CompiledFeature f : features) {
            Accumulator other = from.byKey.get(f.key());
            if (other == null) {
                continue;
            }
            Accumulator acc = into.byKey.get(f.key());
            if (acc == null) {
                into.byKey.put(f.key(), other.copy());
                into.kinds.put(f.key(), f.kind());
            } else {
                f.merge(acc, other);
            }
        }
        return into.encode();
    }

    private boolean retainPlanned(FeatureTable table) {
        if (table.byKey.isEmpty()) {
            return false;
        }
        java.util.Set<Long> keys = new java.util.HashSet<>();
        for (CompiledFeature f : features) {
            keys.add(f.key());
        }
        boolean removed = table.byKey.keySet().retainAll(keys);
        table.kinds.keySet().retainAll(keys);
        return removed;
    }

    /** The features as a read-only list of definitions. */
    public List<Feature> definitions() {
        List<Feature> out = new ArrayList<>();
        features.forEach(f -> out.add(f.feature()));
        return Collections.unmodifiableList(out);
    }
}
