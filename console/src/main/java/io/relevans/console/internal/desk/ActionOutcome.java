package io.relevans.console.internal.desk;

import io.relevans.IngestResult;
import io.relevans.Offer;
import io.relevans.event.Event;
import io.relevans.spi.Message;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a staff action (a correction, a note, a complaint, a survey) did: the event recorded, the segments the
 * customer entered and left at once, the next best offers before and after, and the messages decided.
 *
 * @param what    the action, in a few words
 * @param event   the event given to the engine
 * @param result  what the engine changed
 * @param before  the next best offers before
 * @param after   the next best offers after
 * @param decided messages the engine decided because of it (sent later, pending, or held back by a guard)
 * @param waiting programs that wait for the customer because of it (a wait step, or quiet hours before a send)
 */
public record ActionOutcome(String what, Event event, IngestResult result, List<Offer> before, List<Offer> after,
                            List<Message> decided, List<CustomerReport.WaitingRow> waiting) {

    /** Copies the lists. */
    public ActionOutcome {
        before = List.copyOf(before);
        after = List.copyOf(after);
        decided = List.copyOf(decided);
        waiting = List.copyOf(waiting);
    }

    /** Programs offered before and not after. */
    public Set<String> offersGone() {
        Set<String> gone = new TreeSet<>(before.stream().map(Offer::program).toList());
        after.forEach(o -> gone.remove(o.program()));
        return gone;
    }

    /** Programs offered after and not before. */
    public Set<String> offersNew() {
        Set<String> fresh = new TreeSet<>(after.stream().map(Offer::program).toList());
        before.forEach(o -> fresh.remove(o.program()));
        return fresh;
    }
}
