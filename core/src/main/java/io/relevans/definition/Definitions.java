package io.relevans.definition;

import io.relevans.customer.Category;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the engine evaluates: segments, programs, the guards around all programs, and the
 * catalogue's price ranges the per-category price tiers need. Checked as a whole when given to the
 * engine (unknown segments, reference cycles, price tiers of categories without a range...).
 *
 * @param segments    the segments, names unique
 * @param programs    the programs, names unique
 * @param policies    the guards for all programs
 * @param priceRanges price ranges by category
 */
public record Definitions(List<Segment> segments, List<Program> programs, Policies policies,
                          Map<Category, PriceRange> priceRanges) {

    /** No definitions at all. */
    public static final Definitions EMPTY = new Definitions(List.of(), List.of(), Policies.DEFAULT, Map.of());

    /** @throws IllegalArgumentException when two segments or two programs share a name */
    public Definitions {
        segments = List.copyOf(segments);
        programs = List.copyOf(programs);
        Objects.requireNonNull(policies, "policies");
        priceRanges = Map.copyOf(priceRanges);
        java.util.Set<String> programNames = new java.util.HashSet<>();
        for (Program p : programs) {
            if (!programNames.add(p.name())) {
                throw new IllegalArgumentException("program '" + p.name() + "' is defined twice");
            }
        }
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

    /**
     * The template ids the programs' sends and questions use, sorted: each must be known to the engine's
     * {@code TemplateRenderer}, which refuses definitions that use another when they are loaded.
     */
    public java.util.SortedSet<String> templateIds() {
        java.util.SortedSet<String> ids = new java.util.TreeSet<>();
        for (Program p : programs) {
            for (Step s : p.steps()) {
                if (s instanceof Step.Send send) {
                    ids.add(send.template());
                } else if (s instanceof Step.Ask ask) {
                    ids.add(ask.template());
                }
            }
        }
        return ids;
    }

    /**
     * What is allowed but probably not meant, one sentence per finding naming the program: today, a
     * marketing program that sends only by intimate channels (SMS and push unless the policies say
     * otherwise) and has no high-relevance condition, so that every such send is held back. The engine
     * logs these as warnings when it loads the definitions.
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (Program p : programs) {
            if (!p.purpose().equals(io.relevans.customer.Purpose.MARKETING) || p.highRelevance().isPresent()) {
                continue;
            }
            for (Step s : p.steps()) {
                ChannelChoice channel = s instanceof Step.Send send ? send.channel()
                        : s instanceof Step.Ask ask ? ask.channel() : null;
                if (channel != null && !channel.preferred() && !channel.order().isEmpty()
                        && policies.intimateChannels().containsAll(channel.order())) {
                    out.add("program '" + p.name() + "' step '" + s.label() + "' sends marketing only by "
                            + channel.order() + ", intimate channels, and the program has no high-relevance "
                            + "condition: every such send is held back");
                }
            }
        }
        return out;
    }

    /** Starts a set of definitions. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Definitions}. */
    public static final class Builder {
        private final List<Segment> segments = new ArrayList<>();
        private final List<Program> programs = new ArrayList<>();
        private Policies policies = Policies.DEFAULT;
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

        /** Adds a program. */
        public Builder program(Program program) {
            programs.add(Objects.requireNonNull(program, "program"));
            return this;
        }

        /** Sets the guards for all programs; {@link Policies#DEFAULT} otherwise. */
        public Builder policies(Policies policies) {
            this.policies = Objects.requireNonNull(policies, "policies");
            return this;
        }

        /** Sets a category's price range. */
        public Builder priceRange(String category, double min, double max) {
            PriceRange range = new PriceRange(Category.of(category), min, max);
            ranges.put(range.category(), range);
            return this;
        }

        /** @throws IllegalArgumentException when two segments or programs share a name */
        public Definitions build() {
            return new Definitions(segments, programs, policies, ranges);
        }
    }
}
