package io.relevans.console.internal.desk;

import io.relevans.ProgramResult;
import io.relevans.SplitResult;
import io.relevans.customer.CustomerId;
import io.relevans.definition.Program;
import io.relevans.spi.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Counts the marketers' figures from the engine's storage and message log, at most once per refresh interval
 * (each count reads every customer record and every message), and keeps segment sizes over time. Thread-safe.
 */
public final class Aggregates {

    /** The most segment size counts kept for the sizes over time; the oldest go first. */
    public static final int MAX_SAMPLES = 500;
    /** The confidence of the uplift intervals shown. */
    public static final double CONFIDENCE = 0.95;

    private final Settings settings;
    private final Deque<Figures.SizeSample> history = new ArrayDeque<>();
    private @Nullable Figures last;
    private long countedAt;

    /** Figures of the console's engine. */
    public Aggregates(Settings settings) {
        this.settings = settings;
    }

    /** The figures, counted again when the last count is older than the refresh interval. */
    public synchronized Figures current() {
        long now = System.nanoTime();
        if (last == null || now - countedAt >= settings.refresh().toNanos()) {
            return refresh();
        }
        return last;
    }

    /** Counts the figures now, and keeps the segment sizes for the sizes over time. */
    public synchronized Figures refresh() {
        Instant at = settings.clock().instant();
        Map<CustomerId, Integer> groups = new HashMap<>();
        List<String> groupNames = settings.channelGroups();
        TreeMap<String, Long> segments = new TreeMap<>();
        AtomicLong customers = new AtomicLong();
        settings.storage().customers().forEach(r -> {
            customers.incrementAndGet();
            int mask = 0;
            for (String s : r.segments()) {
                segments.merge(s, 1L, Long::sum);
                int g = groupNames.indexOf(s);
                if (g >= 0) {
                    mask |= 1 << g;
                }
            }
            if (mask != 0) {
                groups.put(r.id(), mask);
            }
        });
        TreeMap<String, Long> suppressions = new TreeMap<>();
        TreeMap<String, Long> statuses = new TreeMap<>();
        Map<String, TreeMap<String, Long>> byProgram = new HashMap<>();
        long[][] use = new long[groupNames.size()][4];
        settings.storage().outbox().forEach(m -> {
            statuses.merge(m.status().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
            if (m.status() == Message.Status.SUPPRESSED) {
                String guard = m.suppression().map(s -> s.guard().name().toLowerCase(Locale.ROOT)).orElse("other");
                suppressions.merge(guard, 1L, Long::sum);
                byProgram.computeIfAbsent(m.program(), k -> new TreeMap<>()).merge(guard, 1L, Long::sum);
            } else if (m.status() == Message.Status.SENT) {
                Integer mask = groups.get(m.customer());
                if (mask != null) {
                    for (int g = 0; g < use.length; g++) {
                        if ((mask & (1 << g)) != 0) {
                            use[g][0]++;
                            use[g][1] += m.outcomes().containsKey("opened") ? 1 : 0;
                            use[g][2] += m.outcomes().containsKey("clicked") ? 1 : 0;
                            use[g][3] += m.outcomes().containsKey("converted") ? 1 : 0;
                        }
                    }
                }
            }
        });
        List<Figures.ChannelGroup> channelGroups = new ArrayList<>();
        for (int g = 0; g < groupNames.size(); g++) {
            channelGroups.add(new Figures.ChannelGroup(groupNames.get(g), segments.getOrDefault(groupNames.get(g), 0L),
                    use[g][0], use[g][1], use[g][2], use[g][3]));
        }
        List<Figures.ProgramFigures> programs = programs(settings.engine().results(), byProgram);
        keep(new Figures.SizeSample(at, segments));
        last = new Figures(at, customers.get(), programs, suppressions, statuses, segments, new ArrayList<>(history),
                channelGroups);
        countedAt = System.nanoTime();
        return last;
    }

    /**
     * Counts segment sizes only (one read of every customer record, no message) and keeps them for the sizes
     * over time.
     */
    public synchronized void sampleSizes() {
        Instant at = settings.clock().instant();
        TreeMap<String, Long> segments = new TreeMap<>();
        settings.storage().customers().forEach(r -> r.segments().forEach(s -> segments.merge(s, 1L, Long::sum)));
        keep(new Figures.SizeSample(at, segments));
    }

    private void keep(Figures.SizeSample sample) {
        if (!history.isEmpty() && !history.peekLast().at().isBefore(sample.at())) {
            history.pollLast(); // the clock has not moved: the newer count replaces the older
        }
        history.addLast(sample);
        while (history.size() > MAX_SAMPLES) {
            history.pollFirst();
        }
    }

    private List<Figures.ProgramFigures> programs(List<ProgramResult> results,
                                                  Map<String, TreeMap<String, Long>> suppressions) {
        Map<String, List<ProgramResult>> byProgram = new LinkedHashMap<>();
        List<Program> loaded = settings.engine().definitions().programs();
        loaded.forEach(p -> byProgram.put(p.name(), new ArrayList<>()));
        results.forEach(r -> byProgram.computeIfAbsent(r.program(), k -> new ArrayList<>()).add(r));
        Map<String, List<SplitResult>> splits = new HashMap<>();
        for (SplitResult s : settings.engine().splits()) {
            splits.computeIfAbsent(s.program(), k -> new ArrayList<>()).add(s);
        }
        List<Figures.ProgramFigures> out = new ArrayList<>();
        byProgram.forEach((name, rows) -> {
            Optional<Program> p = loaded.stream().filter(x -> x.name().equals(name)).findFirst();
            Optional<ProgramResult> control = rows.stream().filter(ProgramResult::control).findFirst();
            List<Figures.VariantRow> variants = new ArrayList<>();
            for (ProgramResult r : rows) {
                if (!r.control()) {
                    variants.add(new Figures.VariantRow(r, control.map(c -> r.upliftInterval(c, CONFIDENCE))));
                }
            }
            control.ifPresent(c -> variants.add(new Figures.VariantRow(c, Optional.empty())));
            out.add(new Figures.ProgramFigures(name, p.map(Program::description).orElse(""), p.isPresent(),
                    p.map(Program::controlShare).orElse(0.0), variants,
                    suppressions.getOrDefault(name, new TreeMap<>()), splits.getOrDefault(name, List.of())));
        });
        return out;
    }

    /** How long the figures are kept. */
    public Duration refreshEvery() {
        return settings.refresh();
    }
}
