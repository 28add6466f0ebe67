package io.relevans.backtest;

import io.relevans.spi.Message;
import io.relevans.spi.Suppression;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the messages of two backtests of the same history differ: those only A decided, those only B
 * decided, and those both decided but differently (status, guard, reason, channel, variant, template or
 * time), with a summary per program. Deterministic: the same two lists of messages give the same
 * comparison, and comparing B with A gives A's messages as B's and B's as A's.
 *
 * <p>Which message of B is "the same decision" as one of A: first, the one with the same id. The engine
 * derives a message's id from the customer, the program, the event that started the journey, the step,
 * and what made the step run (the event, or the due wait with its time), never from the definitions as
 * such; so a message decided by the same step of the same journey for the same cause has the same id in
 * both. Then, the messages left on either side are paired per customer, program and step in the order
 * decided (by time, then id): a message that a changed wait, quiet hours or a cap's waiting moved to
 * another moment is one changed message (its {@link Aspect#TIME time} changed), not one less and one
 * more. What stays unpaired is only in A or only in B.
 *
 * @param onlyInA   messages only A decided, ordered by decision time, then id
 * @param onlyInB   messages only B decided, ordered by decision time, then id
 * @param changed   messages both decided, differently, ordered by A's decision time, then id
 * @param unchanged how many messages both decided alike
 * @param programs  per program (every program with a message in A or B), by name
 */
public record Comparison(List<Message> onlyInA, List<Message> onlyInB, List<Change> changed, long unchanged,
                         List<ProgramDifference> programs) {

    /** Copies the lists; never null parts. */
    public Comparison {
        onlyInA = List.copyOf(onlyInA);
        onlyInB = List.copyOf(onlyInB);
        changed = List.copyOf(changed);
        programs = List.copyOf(programs);
        if (unchanged < 0) {
            throw new IllegalArgumentException("unchanged must not be negative, got " + unchanged);
        }
    }

    /** What may differ between two decisions of the same message. */
    public enum Aspect {
        /** Sent, suppressed, pending, dead. */
        STATUS,
        /** The guard that suppressed it, or that none did. */
        GUARD,
        /** The reason, as the engine words it for people. */
        REASON,
        /** The channel chosen. */
        CHANNEL,
        /** The A/B variant. */
        VARIANT,
        /** The template. */
        TEMPLATE,
        /** The moment it was decided. */
        TIME
    }

    /**
     * One message both decided, differently.
     *
     * @param a       the message as A decided it
     * @param b       the message as B decided it
     * @param aspects what differs, never empty
     */
    public record Change(Message a, Message b, SortedSet<Aspect> aspects) {

        /** Copies the aspects; at least one. */
        public Change {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
            if (aspects.isEmpty()) {
                throw new IllegalArgumentException("a change of message " + a.id() + " needs at least one aspect");
            }
            aspects = Collections.unmodifiableSortedSet(new TreeSet<>(aspects));
        }

        /** The change seen from the other side: B's message as A's. */
        public Change reversed() {
            return new Change(b, a, aspects);
        }

        /** A line for people: customer, program, step and what changed from what to what. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(a.customer().value()).append(' ').append(a.program()).append('/')
                    .append(a.step()).append(':');
            for (Aspect x : aspects) {
                sb.append(' ').append(x.name().toLowerCase(Locale.ROOT)).append(' ').append(show(x, a)).append(" -> ")
                        .append(show(x, b)).append(';');
            }
            sb.setLength(sb.length() - 1);
            return sb.toString();
        }

        private static String show(Aspect x, Message m) {
            return switch (x) {
                case STATUS -> m.status().name().toLowerCase(Locale.ROOT);
                case GUARD -> guard(m).map(g -> g.name().toLowerCase(Locale.ROOT)).orElse("none");
                case REASON -> "'" + m.reason() + "'";
                case CHANNEL -> m.channel().map(Object::toString).orElse("none");
                case VARIANT -> m.variant().isEmpty() ? "none" : m.variant();
                case TEMPLATE -> m.template();
                case TIME -> m.decidedAt().toString();
            };
        }
    }

    /**
     * One program's figures in A and B and how its messages differ.
     *
     * @param program the program
     * @param inA     messages A decided
     * @param inB     messages B decided
     * @param sentInA messages A sent
     * @param sentInB messages B sent
     * @param onlyInA messages only A decided
     * @param onlyInB messages only B decided
     * @param changed messages both decided, differently
     */
    public record ProgramDifference(String program, long inA, long inB, long sentInA, long sentInB, long onlyInA,
                                    long onlyInB, long changed) {

        /** Never null parts. */
        public ProgramDifference {
            Objects.requireNonNull(program, "program");
        }

        /** Whether the program's messages differ at all. */
        public boolean differs() {
            return onlyInA + onlyInB + changed > 0;
        }
    }

    /**
     * Compares two backtests of the same period.
     *
     * @throws IllegalArgumentException when they cover different periods
     */
    public static Comparison of(BacktestReport a, BacktestReport b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (!a.start().equals(b.start()) || !a.end().equals(b.end())) {
            throw new IllegalArgumentException("backtests of different periods cannot be compared: " + a.start() + " to "
                    + a.end() + " and " + b.start() + " to " + b.end());
        }
        return between(a.messages(), b.messages());
    }

    /**
     * Compares two lists of messages decided over the same events, such as a backtest's and a live run's
     * outbox, as the class describes.
     *
     * @throws IllegalArgumentException when a list holds two messages with the same id
     */
    public static Comparison between(List<Message> a, List<Message> b) {
        Map<String, Message> byIdA = byId(a, "A");
        Map<String, Message> byIdB = byId(b, "B");
        List<Change> changed = new ArrayList<>();
        long unchanged = 0;
        List<Message> leftA = new ArrayList<>();
        for (Message m : byIdA.values()) {
            Message other = byIdB.get(m.id());
            if (other == null) {
                leftA.add(m);
            } else if (pair(m, other, changed)) {
                unchanged++;
            }
        }
        Map<List<String>, Deque<Message>> leftB = new HashMap<>();
        byIdB.values().stream().filter(m -> !byIdA.containsKey(m.id())).sorted(BacktestReport.DECIDED)
                .forEach(m -> leftB.computeIfAbsent(key(m), k -> new ArrayDeque<>()).add(m));
        leftA.sort(BacktestReport.DECIDED);
        List<Message> onlyInA = new ArrayList<>();
        for (Message m : leftA) {
            Deque<Message> candidates = leftB.get(key(m));
            if (candidates == null || candidates.isEmpty()) {
                onlyInA.add(m);
            } else if (pair(m, candidates.removeFirst(), changed)) {
                unchanged++;
            }
        }
        List<Message> onlyInB = new ArrayList<>();
        leftB.values().forEach(onlyInB::addAll);
        onlyInB.sort(BacktestReport.DECIDED);
        changed.sort((x, y) -> BacktestReport.DECIDED.compare(x.a(), y.a()));
        return new Comparison(onlyInA, onlyInB, changed, unchanged, programs(a, b, onlyInA, onlyInB, changed));
    }

    private static Map<String, Message> byId(List<Message> messages, String side) {
        Map<String, Message> out = new LinkedHashMap<>();
        for (Message m : messages) {
            if (out.put(m.id(), m) != null) {
                throw new IllegalArgumentException("the messages of " + side + " hold message " + m.id() + " twice");
            }
        }
        return out;
    }

    /** The key that pairs messages left after matching by id. */
    private static List<String> key(Message m) {
        return List.of(m.customer().value(), m.program(), m.step());
    }

    /** Records the pair as changed when it differs; true when it does not. */
    private static boolean pair(Message a, Message b, List<Change> changed) {
        EnumSet<Aspect> aspects = EnumSet.noneOf(Aspect.class);
        if (a.status() != b.status()) {
            aspects.add(Aspect.STATUS);
        }
        if (!guard(a).equals(guard(b))) {
            aspects.add(Aspect.GUARD);
        }
        if (!a.reason().equals(b.reason())) {
            aspects.add(Aspect.REASON);
        }
        if (!a.channel().equals(b.channel())) {
            aspects.add(Aspect.CHANNEL);
        }
        if (!a.variant().equals(b.variant())) {
            aspects.add(Aspect.VARIANT);
        }
        if (!a.template().equals(b.template())) {
            aspects.add(Aspect.TEMPLATE);
        }
        if (!a.decidedAt().equals(b.decidedAt())) {
            aspects.add(Aspect.TIME);
        }
        if (aspects.isEmpty()) {
            return true;
        }
        changed.add(new Change(a, b, new TreeSet<>(aspects)));
        return false;
    }

    private static Optional<Suppression.Guard> guard(Message m) {
        return m.status() == Message.Status.SUPPRESSED ? m.suppression().map(Suppression::guard) : Optional.empty();
    }

    private static List<ProgramDifference> programs(List<Message> a, List<Message> b, List<Message> onlyInA,
                                                    List<Message> onlyInB, List<Change> changed) {
        TreeMap<String, long[]> counts = new TreeMap<>();
        a.forEach(m -> {
            long[] c = counts.computeIfAbsent(m.program(), p -> new long[7]);
            c[0]++;
            c[2] += m.status() == Message.Status.SENT ? 1 : 0;
        });
        b.forEach(m -> {
            long[] c = counts.computeIfAbsent(m.program(), p -> new long[7]);
            c[1]++;
            c[3] += m.status() == Message.Status.SENT ? 1 : 0;
        });
        onlyInA.forEach(m -> counts.computeIfAbsent(m.program(), p -> new long[7])[4]++);
        onlyInB.forEach(m -> counts.computeIfAbsent(m.program(), p -> new long[7])[5]++);
        changed.forEach(ch -> counts.computeIfAbsent(ch.a().program(), p -> new long[7])[6]++);
        List<ProgramDifference> out = new ArrayList<>();
        counts.forEach((p, c) -> out.add(new ProgramDifference(p, c[0], c[1], c[2], c[3], c[4], c[5], c[6])));
        return out;
    }

    /** Whether A and B decided exactly alike. */
    public boolean isEmpty() {
        return onlyInA.isEmpty() && onlyInB.isEmpty() && changed.isEmpty();
    }

    /** The comparison seen from the other side: B as A and A as B. */
    public Comparison reversed() {
        List<Change> back = changed.stream().map(Change::reversed).sorted((x, y) -> BacktestReport.DECIDED
                .compare(x.a(), y.a())).toList();
        return new Comparison(onlyInB, onlyInA, back, unchanged, programs.stream().map(p -> new ProgramDifference(
                p.program(), p.inB(), p.inA(), p.sentInB(), p.sentInA(), p.onlyInB(), p.onlyInA(), p.changed())).toList());
    }

    /**
     * A summary for people: the counts, one line per program that differs, and the first messages of each
     * kind (at most {@code examples} of each).
     *
     * @throws IllegalArgumentException when examples is negative
     */
    public String summary(String nameA, String nameB, int examples) {
        Objects.requireNonNull(nameA, "name of A");
        Objects.requireNonNull(nameB, "name of B");
        if (examples < 0) {
            throw new IllegalArgumentException("examples must not be negative, got " + examples);
        }
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s against %s: %,d messages only in %s, %,d only in %s, %,d changed, %,d alike", nameA, nameB,
                onlyInA.size(), nameA, onlyInB.size(), nameB, changed.size(), unchanged));
        for (ProgramDifference p : programs) {
            if (p.differs()) {
                sb.append(nl).append(String.format(Locale.ROOT,
                        "  %-24s %,7d -> %,7d decided, %,7d -> %,7d sent: %,d only in %s, %,d only in %s, %,d changed",
                        p.program(), p.inA(), p.inB(), p.sentInA(), p.sentInB(), p.onlyInA(), nameA, p.onlyInB(), nameB,
                        p.changed()));
            }
        }
        onlyInA.stream().limit(examples).forEach(m -> sb.append(nl).append("  only in ").append(nameA).append(": ")
                .append(describe(m)));
        onlyInB.stream().limit(examples).forEach(m -> sb.append(nl).append("  only in ").append(nameB).append(": ")
                .append(describe(m)));
        changed.stream().limit(examples).forEach(c -> sb.append(nl).append("  changed: ").append(c));
        return sb.toString();
    }

    /** A message in one line for people: customer, program, step, time, status and reason. */
    static String describe(Message m) {
        return m.customer().value() + " " + m.program() + "/" + m.step() + " at " + m.decidedAt() + ": "
                + m.status().name().toLowerCase(Locale.ROOT) + (m.reason().isEmpty() ? "" : " (" + m.reason() + ")");
    }

    /** Summarised with the names A and B and up to three messages of each kind. */
    @Override
    public String toString() {
        return summary("A", "B", 3);
    }
}
