package io.relevans.backtest;

import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.json.EventLines;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a backtest reads events from, again for every run: a JSON lines file (gzipped or not) or an
 * {@link Iterable} of events. Each entry is an event or the reason it is refused, with its position (the
 * line number in a file, counted from 1; the position in an iterable, from 1).
 */
abstract sealed class EventSource {

    /** One entry: an event, or a refusal. */
    record Entry(long position, @Nullable Event event, @Nullable String refusal) {
    }

    /** Entries in order; close it to close the file. */
    interface Cursor extends Iterator<Entry>, Closeable {
        @Override
        void close();
    }

    /** What the source is, for messages: the file's name, or "an iterable of events". */
    abstract String describe();

    @Override
    public String toString() {
        return describe();
    }

    /**
     * Opens the source from its start.
     *
     * @throws UncheckedIOException when a file cannot be opened or read
     */
    abstract Cursor open();

    static EventSource file(Path file) {
        return new FileSource(Objects.requireNonNull(file, "file"));
    }

    static EventSource iterable(Iterable<Event> events) {
        return new IterableSource(Objects.requireNonNull(events, "events"));
    }

    private static final class FileSource extends EventSource {
        private final Path file;

        FileSource(Path file) {
            this.file = file;
        }

        @Override
        String describe() {
            return file.toString();
        }

        @Override
        Cursor open() {
            EventLines lines;
            try {
                lines = EventJson.lines(JsonLinesFile.open(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the events of " + file + ": " + e, e);
            }
            return new Cursor() {
                @Override
                public boolean hasNext() {
                    try {
                        return lines.hasNext();
                    } catch (UncheckedIOException e) {
                        throw new UncheckedIOException("cannot read " + file + " after line " + lines.linesRead()
                                + ": " + e.getCause(), e.getCause());
                    }
                }

                @Override
                public Entry next() {
                    EventLines.Line line = lines.next();
                    return new Entry(line.number(), line.event().orElse(null),
                            line.refusal().map(Throwable::getMessage).orElse(null));
                }

                @Override
                public void close() {
                    try {
                        lines.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot close " + file, e);
                    }
                }
            };
        }
    }

    private static final class IterableSource extends EventSource {
        private final Iterable<Event> events;

        IterableSource(Iterable<Event> events) {
            this.events = events;
        }

        @Override
        String describe() {
            return "an iterable of events";
        }

        @Override
        Cursor open() {
            Iterator<Event> it = Objects.requireNonNull(events.iterator(), "the iterable's iterator");
            return new Cursor() {
                private long position;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Entry next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("no more events after position " + position);
                    }
                    position++;
                    try {
                        Event e = it.next();
                        return e == null ? new Entry(position, null, "no event (null)")
                                : new Entry(position, e, null);
                    } catch (IllegalArgumentException e) {
                        return new Entry(position, null, e.getMessage());
                    }
                }

                @Override
                public void close() {
                    if (it instanceof AutoCloseable c) {
                        try {
                            c.close();
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot close the iterator of events", e);
                        }
                    }
                }
            };
        }
    }
}
