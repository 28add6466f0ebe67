package io.relevans.definition;

import io.relevans.customer.Category;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the engine evaluates: segments, and the catalogue's price ranges the per-category
 * price tiers need. Checked as a whole when given to the engine (unknown segments, reference
 * cycles, price tiers of categories without a range).
 *
 * @param segments    the segments, names unique
 * @param priceRanges price ranges by category
 */
public record Definitions(List<Segment> segments, Map<Category, PriceRange> priceRanges) {

    /** No definitions at all. */
    public static final Definitions EMPTY = new Definitions(List.of(), Map.of());

    /** @throws IllegalArgumentException when two segments share a name */
    public Definitions {
        segments = List.copyOf(segments);
        priceRanges = Map.copyOf(priceRanges);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Segment s : segments) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("segment '" + s.name() + "' is defined twice");
            }
        }
        priceRanges.forEach((c, r) -> {
            if (!c.equals(r.category())) {
                throw new IllegalArgumentException("price range of " + r.category() + " stored under " + c);
            }
        });
    }

    /** Starts a set of definitions. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Definitions}. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private final Map<Category, PriceRange> ranges = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a segment. */
        public Builder segment(Segment segment) {
            segments.add(Objects.requireNonNull(segment, "segment"));
            return this;
        }

        /** Adds segments. */
        public Builder segments(Collection<Segment> more) {
            more.forEach(this::segment);
            return this;
        }

        /** Sets a category's price range. */
        public Builder priceRange(String category, double min, double max) {
            PriceRange range = new PriceRange(Category.of(category), min, max);
            ranges.put(range.category(), range);
            return this;
        }

        /** @throws IllegalArgumentException when two segments share a name */
        public Definitions build() {
            return new Definitions(segments, ranges);
        }
    }
}
