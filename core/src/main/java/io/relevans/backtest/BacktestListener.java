package io.relevans.backtest;

import io.relevans.IngestResult;
import io.relevans.TickReport;
import io.relevans.event.Event;
import io.relevans.spi.Message;
import java.time.Instant;

/**
 * Watches a backtest while it replays, for figures the {@link BacktestReport} does not keep (events per
 * week, segment sizes over time, spend per customer). Every method does nothing by default; methods are
 * called on the thread that runs the backtest, in the order things happen on the virtual clock. A
 * {@link Backtest#compare comparison} calls the listener for both of its runs, one after the other.
 */
public interface BacktestListener {

    /** After an event of the period was replayed, with what the engine reported for it. */
    default void ingested(Event event, IngestResult result) {
    }

    /**
     * After a message was handed to its channel (which sent it nowhere), with the message as decided.
     *
     * @param at the moment of the tick that handed it over
     */
    default void sent(Instant at, Message message) {
    }

    /** After each tick, with what it did. */
    default void ticked(Instant at, TickReport tick) {
    }
}
