package io.relevans.internal.runtime;

import io.relevans.SplitResult;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.internal.program.ProgramRunner;
import io.relevans.internal.stats.Proportions;
import io.relevans.spi.Message;
import io.relevans.spi.SplitDecision;
import io.relevans.spi.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the winners of A/B splits that pick one: counts each variant's messages whose goal window has
 * ended and their conversions from the message log, applies the split's rule
 * ({@link Proportions#winner}), and stores a winner through the storage, where the first decision stored
 * for a split is the one every engine uses. Knows the stored decisions, which the engine gives its step.
 * Not thread-safe apart from {@link #winners()}: the engine calls the rest one at a time.
 */
public final class SplitJudge {

    private static final Logger LOG = LoggerFactory.getLogger(SplitJudge.class);

    private final Storage storage;
    private final Duration every;
    private @Nullable Instant next;
    /** The stored decisions by split key, as last read or made. */
    private volatile Map<String, SplitDecision> known = Map.of();

    /**
     * A split of the definitions that picks a winner.
     *
     * @param program the program
     * @param split   the split
     * @param key     the split's key ({@link ProgramRunner#splitKey}), which decisions and figures go by
     */
    public record Target(Program program, Step.Split split, String key) {
    }

    /**
     * @param storage where the messages and the decisions are
     * @param every   how long after one evaluation by {@link #tick} the next one is due
     */
    public SplitJudge(Storage storage, Duration every) {
        this.storage = storage;
        this.every = every;
    }

    /** The splits of the definitions that pick a winner, with their programs, in program and step order. */
    public static List<Target> splits(Definitions definitions) {
        List<Target> out = new ArrayList<>();
        for (Program p : definitions.programs()) {
            for (Step s : p.steps()) {
                if (s instanceof Step.Split split && split.winner().isPresent()) {
                    out.add(new Target(p, split, ProgramRunner.splitKey(p.name(), split.label())));
                }
            }
        }
        return out;
    }

    /**
     * Reads the stored decisions, when the definitions have splits that pick a winner (else there is no
     * need, and the storage need not keep decisions).
     *
     * @return the winners for the step
     * @throws InvalidDefinitionException naming the splits when the storage keeps no decisions
     */
    public Map<String, String> load(Definitions definitions) {
        List<Target> splits = splits(definitions);
        if (splits.isEmpty()) {
            return winners();
        }
        try {
            storage.splitDecisions();
        } catch (UnsupportedOperationException e) {
            List<String> problems = new ArrayList<>();
            for (Target s : splits) {
                problems.add("split '" + s.split().label() + "' of program '" + s.program().name() + "' picks a "
                        + "winner, but the storage keeps no split decisions: " + e.getMessage());
            }
            throw new InvalidDefinitionException(problems);
        }
        refresh();
        for (Target s : splits) {
            SplitDecision d = known.get(s.key());
            if (d != null && s.split().variants().stream().noneMatch(v -> v.name().equals(d.winner()))) {
                LOG.warn("split {} of program {} was decided for variant {}, which it no longer has: customers who "
                        + "reach it are split by weight", s.split().label(), s.program().name(), d.winner());
            }
        }
        return winners();
    }

    /** The decided winners by split key, for the step. */
    public Map<String, String> winners() {
        Map<String, String> out = new HashMap<>();
        known.forEach((k, d) -> out.put(k, d.winner()));
        return out;
    }

    private void refresh() {
        known = read();
    }

    /** The decisions stored, by split key. */
    private Map<String, SplitDecision> read() {
        Map<String, SplitDecision> read = new HashMap<>();
        for (SplitDecision d : storage.splitDecisions().all()) {
            read.put(ProgramRunner.splitKey(d.program(), d.split()), d);
        }
        return Map.copyOf(read);
    }

    /**
     * What a tick does: when a split of the definitions is still undecided, reads the decisions other
     * engines stored, and, when an evaluation is due (the first tick, then once per interval), decides.
     *
     * @return whether the winners changed
     */
    public boolean tick(Definitions definitions, Instant now) {
        List<Target> splits = splits(definitions);
        if (undecided(splits).isEmpty()) {
            return false;
        }
        Map<String, SplitDecision> before = known;
        refresh();
        if (next == null || !now.isBefore(next)) {
            next = now.plus(every);
            List<Target> open = undecided(splits);
            if (!open.isEmpty()) {
                decide(open, figures(open, now), now);
            }
        }
        return !known.equals(before);
    }

    /**
     * Decides every undecided split of the definitions now, whatever the interval.
     *
     * @return the splits that pick a winner, with their figures and decisions
     */
    public List<SplitResult> decideNow(Definitions definitions, Instant now) {
        List<Target> splits = splits(definitions);
        if (splits.isEmpty()) {
            return List.of();
        }
        refresh();
        Map<String, List<SplitDecision.Figures>> figures = figures(splits, now); // one pass over the log
        decide(undecided(splits), figures, now);
        return judged(splits, figures, known);
    }

    private List<Target> undecided(List<Target> splits) {
        return splits.stream()
                .filter(s -> !known.containsKey(s.key()))
                .toList();
    }

    /** Applies the winner rules of the open splits to their figures (by split key), storing the decisions. */
    private void decide(List<Target> open, Map<String, List<SplitDecision.Figures>> figures,
                        Instant now) {
        if (open.isEmpty()) {
            return;
        }
        Map<String, SplitDecision> decided = new HashMap<>(known);
        for (Target s : open) {
            String key = s.key();
            Step.WinnerRule rule = s.split().winner().orElseThrow();
            List<SplitDecision.Figures> f = figuresOf(figures, key);
            Optional<String> winner = Proportions.winner(f, rule.minimumPerVariant(), rule.confidence());
            if (winner.isEmpty()) {
                LOG.debug("split {} of program {}: no winner yet from {}", s.split().label(), s.program().name(), f);
                continue;
            }
            SplitDecision stored = storage.splitDecisions().decide(new SplitDecision(s.program().name(),
                    s.split().label(), winner.get(), now, rule.confidence(), f));
            decided.put(key, stored);
            LOG.info("split {} of program {} picked variant {} at {} confidence (figures: {}); new entrants get it",
                    stored.split(), stored.program(), stored.winner(), stored.confidence(), describe(stored.figures()));
        }
        known = Map.copyOf(decided);
    }

    /** The figures of a split, which {@link #figures} gives for every split it is asked about. */
    private static List<SplitDecision.Figures> figuresOf(Map<String, List<SplitDecision.Figures>> figures,
                                                         String key) {
        return Objects.requireNonNull(figures.get(key), "every split has its figures");
    }

    private static String describe(List<SplitDecision.Figures> figures) {
        List<String> parts = new ArrayList<>();
        for (SplitDecision.Figures f : figures) {
            parts.add(f.variant() + " " + f.converted() + "/" + f.messages());
        }
        return String.join(", ", parts);
    }

    /**
     * The splits of the definitions that pick a winner, with their figures now and the decisions stored.
     */
    public List<SplitResult> judge(Definitions definitions, Instant now) {
        List<Target> splits = splits(definitions);
        return splits.isEmpty() ? List.of() : judged(splits, figures(splits, now), read());
    }

    private static List<SplitResult> judged(List<Target> splits, Map<String, List<SplitDecision.Figures>> figures,
                                            Map<String, SplitDecision> stored) {
        List<SplitResult> out = new ArrayList<>();
        for (Target s : splits) {
            out.add(new SplitResult(s.program().name(), s.split().label(), s.split().winner().orElseThrow(),
                    figuresOf(figures, s.key()), Optional.ofNullable(stored.get(s.key()))));
        }
        return out;
    }

    /**
     * Each variant's messages decided at least the program's goal window before now (their chance to
     * convert is over) and their conversions, by split key, in the split's variant order. Messages the
     * guards suppressed, and the control group's, are not counted, as in the program's results.
     */
    private Map<String, List<SplitDecision.Figures>> figures(List<Target> splits, Instant now) {
        Map<String, Map<String, long[]>> counts = new HashMap<>(); // program -> variant -> messages, conversions
        Map<String, Duration> window = new HashMap<>();
        for (Target s : splits) {
            window.put(s.program().name(), s.program().goal().orElseThrow().window());
            for (Step.Variant v : s.split().variants()) {
                counts.computeIfAbsent(s.program().name(), k -> new HashMap<>()).put(v.name(), new long[2]);
            }
        }
        storage.outbox().forEach(m -> {
            Map<String, long[]> variants = counts.get(m.program());
            long[] c = variants == null ? null : variants.get(m.variant());
            if (c == null || m.status() == Message.Status.SUPPRESSED
                    || m.decidedAt().plus(window.get(m.program())).isAfter(now)) {
                return;
            }
            c[0]++;
            c[1] += m.outcomes().containsKey("converted") ? 1 : 0;
        });
        Map<String, List<SplitDecision.Figures>> out = new LinkedHashMap<>();
        for (Target s : splits) {
            List<SplitDecision.Figures> f = new ArrayList<>();
            Map<String, long[]> variants = Objects.requireNonNull(counts.get(s.program().name()), "counted above");
            for (Step.Variant v : s.split().variants()) {
                long[] c = Objects.requireNonNull(variants.get(v.name()), "counted above");
                f.add(new SplitDecision.Figures(v.name(), c[0], c[1]));
            }
            out.put(s.key(), List.copyOf(f));
        }
        return out;
    }
}
