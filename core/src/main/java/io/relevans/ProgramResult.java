package io.relevans;

import io.relevans.internal.stats.Proportions;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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

    /**
     * This group's uplift over a control group's with its confidence interval (S9): the relative uplift of
     * the conversion rates, as {@link #upliftOver(ProgramResult)}, and the two-sided interval at the
     * confidence from the Katz log interval of the ratio of the rates ({@code log(p / p0)} +- z times its
     * standard error {@code sqrt(1/x - 1/n + 1/x0 - 1/n0)}, then back to {@code ratio - 1}). An interval that
     * holds 0 does not establish an uplift. The bounds are NaN when either group converted nobody, where
     * the ratio has no finite interval.
     *
     * @param control    the control group's results
     * @param confidence the interval's confidence, greater than 0 and less than 1, such as 0.95
     * @throws IllegalArgumentException when the confidence is out of range
     */
    public Uplift upliftInterval(ProgramResult control, double confidence) {
        Objects.requireNonNull(control, "control");
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("the confidence of an uplift interval must be greater than 0 and less "
                    + "than 1, got " + confidence);
        }
        double[] bounds = Proportions.upliftInterval(converted, decided, control.converted(), control.decided(),
                confidence);
        return new Uplift(upliftOver(control), bounds[0], bounds[1], confidence);
    }

    /**
     * A relative uplift over control with its confidence interval: 0.25 means 25% more conversions than
     * without the program.
     *
     * @param estimate   the uplift measured; NaN when the control converted nobody
     * @param lower      the interval's lower bound; NaN when there is no finite interval
     * @param upper      the interval's upper bound; NaN when there is no finite interval
     * @param confidence the interval's confidence, such as 0.95
     */
    public record Uplift(double estimate, double lower, double upper, double confidence) {

        /** Whether the interval lies above 0: the figures establish an uplift at the confidence. */
        public boolean significant() {
            return lower > 0;
        }
    }

    /** The results of every program, variant and group in the message log. */
    static List<ProgramResult> tally(Outbox outbox) {
        Map<String, long[]> counts = new TreeMap<>();
        outbox.forEach(m -> {
            boolean control = m.status() == Message.Status.SUPPRESSED && m.reason().equals("control group");
            boolean sent = m.status() == Message.Status.SENT;
            if (!control && !sent && m.status() != Message.Status.DEAD && m.status() != Message.Status.RETRYING
                    && m.status() != Message.Status.PENDING) {
                return;
            }
            long[] c = counts.computeIfAbsent(m.program() + "\u0000" + m.variant() + "\u0000" + control,
                    k -> new long[6]);
            c[0]++;
            c[1] += sent ? 1 : 0;
            c[2] += m.outcomes().containsKey("delivered") ? 1 : 0;
            c[3] += m.outcomes().containsKey("opened") ? 1 : 0;
            c[4] += m.outcomes().containsKey("clicked") ? 1 : 0;
            c[5] += m.outcomes().containsKey("converted") ? 1 : 0;
        });
        List<ProgramResult> out = new ArrayList<>();
        counts.forEach((k, c) -> {
            String[] parts = k.split("\u0000", -1);
            out.add(new ProgramResult(parts[0], parts[1], Boolean.parseBoolean(parts[2]), c[0], c[1], c[2], c[3], c[4],
                    c[5]));
        });
        return out;
    }
}
