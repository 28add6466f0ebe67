package io.relevans.spi;

import io.relevans.customer.Identity;
import io.relevans.event.Event;
import io.relevans.json.EventJson;
import io.relevans.json.EventLines;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link EventArchive} in a folder of JSON lines files, one per UTC day ({@code events-2026-03-01.jsonl},
 * one event per line as {@link EventJson} writes it): readable and shippable with everyday tools, and
 * retention drops whole files. Reads parse the files of the days asked for; erasing rewrites the files
 * that hold the identities' events. Suited to backfills, backtests and moderate volumes; the JDBC
 * archive answers one customer's events by index. Appends, and reads of a day's file, are serialised in
 * this process; one process writes a folder.
 */
public final class JsonLinesEventArchive implements EventArchive {

    private static final Pattern FILE = Pattern.compile("events-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    private final Path folder;
    private final Object lock = new Object();
    /** Per day appended to in this process, the keys of its events: appending one again is skipped. */
    private final Map<LocalDate, Set<String>> keys = new HashMap<>();

    private JsonLinesEventArchive(Path folder) {
        this.folder = folder;
    }

    /**
     * The archive in the folder, created if missing.
     *
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static JsonLinesEventArchive in(Path folder) {
        Objects.requireNonNull(folder, "folder");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the event archive's folder " + folder.getFileName(), e);
        }
        return new JsonLinesEventArchive(folder);
    }

    private static String key(Event e) {
        return e.time() + "|" + e.customer().type().jsonName() + "|" + e.customer().value() + "|" + e.id();
    }

    private Path file(LocalDate day) {
        return folder.resolve("events-" + day + ".jsonl");
    }

    @Override
    public void append(List<Event> events) {
        Map<LocalDate, List<Event>> byDay = new TreeMap<>();
        for (Event e : events) {
            byDay.computeIfAbsent(LocalDate.ofInstant(e.time(), ZoneOffset.UTC), d -> new ArrayList<>()).add(e);
        }
        synchronized (lock) {
            for (Map.Entry<LocalDate, List<Event>> day : byDay.entrySet()) {
                Set<String> known = keys.computeIfAbsent(day.getKey(), this::keysOf);
                Path file = file(day.getKey());
                try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
                    for (Event e : day.getValue()) {
                        if (known.add(key(e))) {
                            out.write(EventJson.write(e));
                            out.write('\n');
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to the event archive's " + file.getFileName(), e);
                }
            }
        }
    }

    private Set<String> keysOf(LocalDate day) {
        Set<String> out = new HashSet<>();
        read(day, e -> true, e -> out.add(key(e)));
        return out;
    }

    @Override
    public void forEachOf(Collection<Identity> identities, Instant from, Consumer<Event> action) {
        Set<Identity> wanted = Set.copyOf(identities);
        forEach(from, e -> wanted.contains(e.customer()), action);
    }

    @Override
    public void forEach(Instant from, Consumer<Event> action) {
        forEach(from, e -> true, action);
    }

    private void forEach(Instant from, Predicate<Event> which, Consumer<Event> action) {
        Objects.requireNonNull(from, "from");
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        for (LocalDate day : days()) {
            if (day.isBefore(first)) {
                continue;
            }
            List<Event> events = new ArrayList<>();
            synchronized (lock) { // not while an append writes the day's file: no half-written line is read
                read(day, e -> !e.time().isBefore(from) && which.test(e), events::add);
            }
            events.sort(ORDER);
            events.forEach(action);
        }
    }

    /** The days with a file, in order. */
    private List<LocalDate> days() {
        List<LocalDate> out = new ArrayList<>();
        try (var files = Files.list(folder)) {
            files.forEach(p -> {
                Matcher m = FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(LocalDate.parse(m.group(1)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the event archive's folder " + folder.getFileName(), e);
        }
        out.sort(null);
        return out;
    }

    private void read(LocalDate day, Predicate<Event> which, Consumer<Event> action) {
        Path file = file(day);
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             EventLines lines = EventJson.lines(in)) {
            while (lines.hasNext()) {
                EventLines.Line line = lines.next();
                if (line.refusal().isPresent()) {
                    throw new IllegalStateException("the event archive's " + file.getFileName() + " is damaged: "
                            + line.refusal().get().getMessage());
                }
                Event e = line.event().orElseThrow();
                if (which.test(e)) {
                    action.accept(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event archive's " + file.getFileName(), e);
        }
    }

    @Override
    public long erase(Collection<Identity> identities) {
        Set<Identity> gone = Set.copyOf(identities);
        long removed = 0;
        synchronized (lock) {
            for (LocalDate day : days()) {
                removed += rewrite(day, e -> gone.contains(e.customer()));
            }
        }
        return removed;
    }

    @Override
    public long dropBefore(Instant cutoff) {
        LocalDate last = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
        long removed = 0;
        synchronized (lock) {
            for (LocalDate day : days()) {
                if (day.isBefore(last)) {
                    long count = count(day);
                    try {
                        Files.delete(file(day));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot delete the event archive's " + file(day).getFileName(), e);
                    }
                    keys.remove(day);
                    removed += count;
                } else if (day.equals(last)) {
                    removed += rewrite(day, e -> e.time().isBefore(cutoff));
                }
            }
        }
        return removed;
    }

    /** How many events a day's file holds: its non-blank lines, as {@link #read} takes them, not parsed. */
    private long count(LocalDate day) {
        Path file = file(day);
        if (!Files.exists(file)) {
            return 0;
        }
        long count = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    count++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the event archive's " + file.getFileName(), e);
        }
        return count;
    }

    /** Rewrites a day's file without the events that go; how many went. */
    private long rewrite(LocalDate day, Predicate<Event> goes) {
        List<Event> kept = new ArrayList<>();
        long[] removed = {0};
        read(day, e -> true, e -> {
            if (goes.test(e)) {
                removed[0]++;
            } else {
                kept.add(e);
            }
        });
        if (removed[0] == 0) {
            return 0;
        }
        Path file = file(day);
        Path next = folder.resolve(file.getFileName() + ".next");
        try (BufferedWriter out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            for (Event e : kept) {
                out.write(EventJson.write(e));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the event archive's " + file.getFileName(), e);
        }
        try {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the event archive's " + file.getFileName(), e);
        }
        keys.remove(day);
        return removed[0];
    }
}
