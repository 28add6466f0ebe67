package io.relevans.examples.retailer;

import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.json.EventJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

/**
 * A history of events as JSON lines (gzipped when the name ends in {@code .gz}), read one event at a
 * time in file order, which must be time order. A line that is not a valid event stops the reading
 * with an error naming the file and line.
 */
final class HistoryFile implements EventSource, AutoCloseable {

    private final Path file;
    private final BufferedReader reader;
    private Event peeked;
    private long line;

    HistoryFile(Path file) throws IOException {
        this.file = file;
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private Event peek() {
        if (peeked == null) {
            try {
                String text;
                do {
                    text = reader.readLine();
                    line++;
                } while (text != null && text.isBlank());
                if (text != null) {
                    Event e = EventJson.read(text);
                    peeked = e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ":" + line + ": " + e.getMessage(), e);
            } catch (EventFormatException e) {
                throw new IllegalArgumentException(file.getFileName() + ":" + line + ": " + e.getMessage(), e);
            }
        }
        return peeked;
    }

    /** The time of the first event not yet taken, if any. */
    Instant nextTime() {
        Event e = peek();
        return e == null ? null : e.time();
    }

    @Override
    public boolean hasBefore(Instant moment) {
        Event e = peek();
        return e != null && e.time().isBefore(moment);
    }

    @Override
    public Event next() {
        Event e = peek();
        peeked = null;
        return e;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
