package io.relevans.console.internal.desk;

import io.relevans.ProgramResult;
import io.relevans.SplitResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The marketers' figures at one count (S2, S4, S5, S9, S17): programs with results per variant and control and
 * uplift with confidence intervals, suppressions by guard, segment sizes now and over time, and channel use.
 * Counts of customers and messages only: no personal data.
 *
 * @param at            the console clock's time of the count
 * @param customers     customers stored
 * @param programs      per program, loaded ones first
 * @param suppressions  messages held back, by guard, all programs together
 * @param statuses      messages by status
 * @param segments      customers per segment, as stored at their last evaluation
 * @param history       earlier counts of segment sizes, oldest first
 * @param channelGroups the channel use groups (S17)
 */
public record Figures(Instant at, long customers, List<ProgramFigures> programs, SortedMap<String, Long> suppressions,
                      SortedMap<String, Long> statuses, SortedMap<String, Long> segments, List<SizeSample> history,
                      List<ChannelGroup> channelGroups) {

    /** Copies the lists. */
    public Figures {
        programs = List.copyOf(programs);
        history = List.copyOf(history);
        channelGroups = List.copyOf(channelGroups);
    }

    /** The program with the name, if it is loaded or has results. */
    public Optional<ProgramFigures> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * One program's figures.
     *
     * @param name         the program
     * @param description  what it is for, empty when it is no longer loaded
     * @param loaded       whether it is among the loaded definitions
     * @param controlShare the share of its audience in the control group
     * @param rows         per variant (empty name when it has no split) and the control group
     * @param suppressions its messages held back, by guard
     * @param splits       its A/B splits that pick a winner, with where they stand
     */
    public record ProgramFigures(String name, String description, boolean loaded, double controlShare,
                                 List<VariantRow> rows, SortedMap<String, Long> suppressions,
                                 List<SplitResult> splits) {
        /** Copies the lists. */
        public ProgramFigures {
            rows = List.copyOf(rows);
            splits = List.copyOf(splits);
        }
    }

    /**
     * One variant's or the control group's results, and for a variant its uplift over control.
     *
     * @param result the counts
     * @param uplift the uplift over the control group at 95% confidence, when there is a control group
     */
    public record VariantRow(ProgramResult result, Optional<ProgramResult.Uplift> uplift) {
        /** The variant's name for people: "control", the variant, or "all" without a split. */
        public String label() {
            return result.control() ? "control" : result.variant().isEmpty() ? "all" : result.variant();
        }
    }

    /**
     * Segment sizes at one count.
     *
     * @param at    the console clock's time
     * @param sizes customers per segment
     */
    public record SizeSample(Instant at, Map<String, Long> sizes) {
        /** Copies the sizes. */
        public SizeSample {
            sizes = Map.copyOf(sizes);
        }
    }

    /**
     * Customers of one channel use segment and what the programs' messages did with them (S17).
     *
     * @param segment   the segment, such as omnichannel
     * @param customers customers in it
     * @param sent      messages sent to them
     * @param opened    of those, opened
     * @param clicked   of those, clicked
     * @param converted of those, followed by the program's goal
     */
    public record ChannelGroup(String segment, long customers, long sent, long opened, long clicked, long converted) {
        /** Conversions per 100 customers. */
        public double conversionsPer100() {
            return customers == 0 ? 0 : converted * 100.0 / customers;
        }
    }
}
