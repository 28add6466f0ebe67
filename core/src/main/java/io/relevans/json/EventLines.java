package io.relevans.json;

import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Events read from JSON lines one line at a time ({@link EventJson#lines(Reader)}), for texts too large
 * to hold in memory, such as years of order history at go-live: each non-blank line gives its event or
 * the reason it is refused, with its line number; a refused line does not stop the reading. Not
 * thread-safe; close it to close the reader.
 */
public final class EventLines implements Iterator<EventLines.Line>, Closeable {

    /**
     * One non-blank line: its event, or why it was refused.
     *
     * @param number  the line number, from 1
     * @param event   the event, when the line holds a valid one
     * @param refusal why the line was refused, naming the line, the field and the problem
     */
    public record Line(long number, Optional<Event> event, Optional<EventFormatException> refusal) {
        /** Exactly one of event and refusal. */
        public Line {
            if (number < 1 || event.isPresent() == refusal.isPresent()) {
                throw new IllegalArgumentException("a line has a number from 1 and either an event or a refusal");
            }
        }
    }

    private final Reader reader;
    private final EventJson.Lines lines;
    private long number;
    private @Nullable Line next;
    private boolean done;

    EventLines(Reader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.lines = new EventJson.Lines(reader);
    }

    /** @throws UncheckedIOException when reading fails */
    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            String text;
            try {
                text = lines.next(number + 1, true);
            } catch (EventFormatException tooLong) {
                number++;
                next = new Line(number, Optional.empty(), Optional.of(tooLong));
                break;
            } catch (IOException e) {
                throw new UncheckedIOException("reading line " + (number + 1) + " failed", e);
            }
            if (text == null) {
                done = true;
                break;
            }
            number++;
            if (text.isBlank()) {
                continue;
            }
            try {
                next = new Line(number, Optional.of(EventJson.read(text)), Optional.empty());
            } catch (EventFormatException e) {
                next = new Line(number, Optional.empty(), Optional.of(EventJson.onLine(number, e)));
            }
        }
        return next != null;
    }

    @Override
    public Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more lines after line " + number);
        }
        Line out = Objects.requireNonNull(next, "hasNext() read it");
        next = null;
        return out;
    }

    /** The number of lines read so far, blank ones included. */
    public long linesRead() {
        return number;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
