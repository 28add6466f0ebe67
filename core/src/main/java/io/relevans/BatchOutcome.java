package io.relevans;

import io.relevans.event.Event;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one event of a batch given to {@link Relevans#ingestAll(java.util.List)}: what it
 * changed, or why it was refused (the other events of the batch applied all the same).
 *
 * @param event   the event
 * @param result  what it changed, when it was applied
 * @param refusal why it was not, otherwise: the exception {@link Relevans#ingest(Event)} would have thrown
 */
public record BatchOutcome(Event event, Optional<IngestResult> result, Optional<RuntimeException> refusal) {

    /** Checks that exactly one of result and refusal is there. */
    public BatchOutcome {
        Objects.requireNonNull(event, "event");
        if (result.isPresent() == refusal.isPresent()) {
            throw new IllegalArgumentException("an event of a batch is either applied or refused");
        }
    }

    /** Whether the event was applied. */
    public boolean applied() {
        return result.isPresent();
    }
}
