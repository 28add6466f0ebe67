package io.relevans;

import java.util.Objects;

/**
 * A program's results for one variant and group, from the message log (S9): how many customers the
 * program decided to contact, and what became of those messages. For the control group, "decided" counts
 * the messages withheld, and "converted" the conversions that happened anyway.
 *
 * @param program   the program
 * @param variant   the A/B variant, empty when none
 * @param control   whether this is the control group
 * @param decided   messages decided (sent or withheld for control)
 * @param sent      messages handed to a channel
 * @param delivered messages reported delivered
 * @param opened    messages reported opened
 * @param clicked   messages reported clicked
 * @param converted messages followed by the program's conversion goal within its window
 */
public record ProgramResult(String program, String variant, boolean control, long decided, long sent, long delivered,
                            long opened, long clicked, long converted) {

    /** Never null parts. */
    public ProgramResult {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(variant, "variant");
    }

    /** Conversions per decided message, 0 when none were decided. */
    public double conversionRate() {
        return decided == 0 ? 0 : converted / (double) decided;
    }

    /** Opens per sent message, 0 when none were sent. */
    public double openRate() {
        return sent == 0 ? 0 : opened / (double) sent;
    }

    /** Clicks per sent message, 0 when none were sent. */
    public double clickRate() {
        return sent == 0 ? 0 : clicked / (double) sent;
    }

    /**
     * The relative uplift of this group's conversion rate over a control group's: 0.25 means 25% more
     * conversions than without the program; NaN when the control converted nobody.
     */
    public double upliftOver(ProgramResult control) {
        double base = control.conversionRate();
        return base == 0 ? Double.NaN : (conversionRate() - base) / base;
    }
}
