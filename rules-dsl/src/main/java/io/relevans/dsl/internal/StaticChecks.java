package io.relevans.dsl.internal;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Binding;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.Feature;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.Operator;
import io.relevans.definition.Policies;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.internal.Parsed.Located;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Checks of definitions that read without error but cannot work as written, before anything runs:
 * conditions that can never hold, steps that can never be reached, waits longer than a year, and caps
 * no message can meet are errors; two programs with the same trigger promoting the same category are
 * a warning, since that can be meant (different audiences, channels or relevance, S19, S21, S24). Each
 * problem is reported at the name of the definition (the {@code policies} keyword for policies).
 * The checks look only at the model, so a text and its printed form give the same problems.
 */
public final class StaticChecks {

    /** A wait longer than this is reported. */
    static final Duration YEAR = Duration.ofDays(365);

    private StaticChecks() {
    }

    /** Checks the items of the files, adding to the diagnostics. */
    public static void check(List<Parsed> files, List<Diagnostic> diagnostics) {
        List<Item<Program>> programs = new ArrayList<>();
        for (Parsed p : files) {
            for (Located<Segment> s : p.segments) {
                Reporter at = new Reporter(p.file, s.line(), s.column(), diagnostics);
                conditions(s.value().condition(), "segment '" + s.name() + "'", at);
            }
            for (Located<Program> l : p.programs) {
                Reporter at = new Reporter(p.file, l.line(), l.column(), diagnostics);
                program(l.value(), at);
                programs.add(new Item<>(l.value(), at));
            }
        }
        List<Program> all = programs.stream().map(Item::value).toList();
        for (int i = 0; i < programs.size(); i++) {
            Program b = programs.get(i).value();
            for (int j = 0; j < i; j++) {
                Program a = programs.get(j).value();
                Set<Category> shared = new TreeSet<>(a.promotes());
                shared.retainAll(b.promotes());
                if (a.trigger().equals(b.trigger()) && !shared.isEmpty()) {
                    programs.get(i).at().warn("programs '" + a.name() + "' and '" + b.name() + "' both start "
                            + a.trigger().describe() + " and promote " + String.join(", ",
                            shared.stream().map(Category::name).toList()));
                }
            }
        }
        for (Parsed p : files) {
            for (Located<Policies> l : p.policies) {
                Reporter at = new Reporter(p.file, l.line(), l.column(), diagnostics);
                policies(l.value(), all, at);
            }
        }
    }

    private record Item<T>(T value, Reporter at) {
    }

    private record Reporter(String file, int line, int column, List<Diagnostic> diagnostics) {
        void report(String message) {
            diagnostics.add(new Diagnostic(file, line, column, message));
        }

        void warn(String message) {
            diagnostics.add(new Diagnostic(file, line, column, Diagnostic.Severity.WARNING, message));
        }
    }

    // ------------------------------------------------------------------ programs

    private static void program(Program p, Reporter at) {
        String what = "program '" + p.name() + "'";
        p.audience().ifPresent(c -> conditions(c, "the audience of " + what, at));
        p.exitWhen().ifPresent(c -> conditions(c, "the exit condition of " + what, at));
        p.highRelevance().ifPresent(c -> conditions(c, "the relevance condition of " + what, at));
        for (Step s : p.steps()) {
            if (s instanceof Step.Branch b) {
                conditions(b.condition(), "the condition of step '" + b.label() + "' in " + what, at);
            }
            if (p.promotes().isEmpty() && p.purpose().equals(Purpose.MARKETING) && s instanceof Step.Send send
                    && send.data().values().stream()
                    .anyMatch(b -> b instanceof Binding.TriggerProperty t && t.isProductData())) {
                at.warn("step '" + s.label() + "' of " + what + " sends the trigger's product data without 'promotes': "
                        + "the guards still look at the products' categories, but say which categories the program "
                        + "promotes, so that next best offers and overlaps see them");
            }
            if (s instanceof Step.Wait w && w.duration().compareTo(YEAR) > 0) {
                at.report("wait " + Windows.duration(w.duration()) + " in " + what + " is longer than a year");
            }
        }
        Set<Integer> reached = reachable(p);
        for (int i = 0; i < p.steps().size(); i++) {
            if (!reached.contains(i)) {
                at.report("step '" + p.steps().get(i).label() + "' in " + what + " can never be reached");
            }
        }
        if (!p.caps().isEmpty() && p.steps().stream().noneMatch(s -> channel(s).isPresent())) {
            for (FrequencyCap cap : p.caps()) {
                at.report("cap " + cap.max() + " per " + Windows.duration(cap.period()) + " of " + what
                        + " can never be met: the program has no send or ask step");
            }
        }
    }

    /** The indexes of the steps reachable from the first one. */
    static Set<Integer> reachable(Program p) {
        Set<Integer> seen = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(List.of(0));
        while (!todo.isEmpty()) {
            int i = todo.pop();
            if (i < 0 || i >= p.steps().size() || !seen.add(i)) {
                continue;
            }
            Step s = p.steps().get(i);
            if (s instanceof Step.Branch b) {
                todo.push(p.indexOf(b.then()));
                todo.push(p.indexOf(b.otherwise()));
            } else if (s instanceof Step.Split split) {
                split.variants().forEach(v -> todo.push(p.indexOf(v.goTo())));
            } else if (s instanceof Step.GoTo g) {
                todo.push(p.indexOf(g.target()));
            } else if (!(s instanceof Step.End)) {
                todo.push(i + 1);
            }
        }
        return seen;
    }

    private static Optional<ChannelChoice> channel(Step s) {
        if (s instanceof Step.Send send) {
            return Optional.of(send.channel());
        }
        if (s instanceof Step.Ask ask) {
            return Optional.of(ask.channel());
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ policies

    private static void policies(Policies policies, List<Program> programs, Reporter at) {
        for (CategoryExclusion e : policies.exclusions()) {
            conditions(e.when(), "the exclusion of " + e.category() + " in the policies", at);
        }
        if (programs.isEmpty()) {
            return; // policies written before any program: nothing to compare with yet
        }
        Set<Channel> used = new HashSet<>();
        boolean any = false;
        for (Program p : programs) {
            for (Step s : p.steps()) {
                Optional<ChannelChoice> c = channel(s);
                if (c.isPresent()) {
                    used.addAll(c.get().order());
                    any |= c.get().preferred() && c.get().order().isEmpty();
                }
            }
        }
        for (FrequencyCap cap : policies.caps()) {
            if (cap.channel().isPresent() && !any && !used.contains(cap.channel().get())) {
                Channel c = cap.channel().get();
                at.report("cap " + cap.max() + " per " + Windows.duration(cap.period()) + " on " + c
                        + " can never be met: no program sends on " + c);
            }
        }
    }

    // ------------------------------------------------------------------ conditions

    /**
     * Reports the and-groups of a condition that can never hold: the top-level one as "X can never
     * hold", nested ones (inside or, not) as "X has a part that can never hold".
     */
    private static void conditions(Condition c, String what, Reporter at) {
        walk(c, what + " can never hold: ", at);
        // Whether a customer-base model is fitted is the engine's to know, not the text's: the engine
        // warns when it loads definitions that use predictions without one (Relevans.load).
        predictionRanges(c, what, at);
    }

    /** Reports comparisons of p_alive outside 0 to 1. */
    private static void predictionRanges(Condition c, String what, Reporter at) {
        if (c instanceof Condition.AllOf all) {
            all.parts().forEach(p -> predictionRanges(p, what, at));
        } else if (c instanceof Condition.AnyOf any) {
            any.parts().forEach(p -> predictionRanges(p, what, at));
        } else if (c instanceof Condition.Not not) {
            predictionRanges(not.part(), what, at);
        } else if (c instanceof Condition.FeatureCompare f && f.feature() instanceof Feature.Predicted p) {
            double v = f.operand();
            boolean outside = switch (f.operator()) {
                case GT -> v >= 1;
                case GE -> v > 1;
                case LT -> v <= 0;
                case LE -> v < 0;
                case EQ -> v < 0 || v > 1;
                case NE -> false;
            };
            if (p.prediction() == io.relevans.definition.Prediction.ALIVE && outside) {
                at.report(what + " can never hold: p_alive is a probability from 0 to 1, compared "
                        + f.operator().symbol() + " " + Windows.number(v));
            }
        }
    }

    private static void walk(Condition c, String prefix, Reporter at) {
        String nested = prefix.replace(" can never hold: ", " has a part that can never hold: ");
        if (c instanceof Condition.AllOf all) {
            List<Condition> leaves = new ArrayList<>();
            List<Condition> others = new ArrayList<>();
            flatten(all, leaves, others);
            contradiction(leaves).ifPresent(m -> at.report(prefix + m));
            others.forEach(o -> walk(o, nested, at));
        } else if (c instanceof Condition.AnyOf any) {
            any.parts().forEach(p -> walk(p, nested, at));
        } else if (c instanceof Condition.Not not) {
            walk(not.part(), nested, at);
        }
    }

    private static void flatten(Condition c, List<Condition> leaves, List<Condition> others) {
        if (c instanceof Condition.AllOf all) {
            all.parts().forEach(p -> flatten(p, leaves, others));
        } else if (c instanceof Condition.AnyOf || c instanceof Condition.Not) {
            others.add(c);
        } else {
            leaves.add(c);
        }
    }

    /** A comparison of one subject (a feature, or an attribute with one kind of value) with a constant. */
    private record Bound(Object subject, Operator op, double number, @Nullable Value value, String text) {
    }

    /** The first pair of comparisons of the same subject that cannot both be true, as a message. */
    private static Optional<String> contradiction(List<Condition> leaves) {
        Map<Object, List<Bound>> bySubject = new LinkedHashMap<>();
        for (Condition c : leaves) {
            Bound b = bound(c);
            if (b != null) {
                bySubject.computeIfAbsent(b.subject(), k -> new ArrayList<>()).add(b);
            }
        }
        for (List<Bound> bounds : bySubject.values()) {
            for (int i = 0; i < bounds.size(); i++) {
                for (int j = i + 1; j < bounds.size(); j++) {
                    if (disjoint(bounds.get(i), bounds.get(j))) {
                        return Optional.of(bounds.get(i).text() + " and " + bounds.get(j).text()
                                + " cannot both be true");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static @Nullable Bound bound(Condition c) {
        if (c instanceof Condition.FeatureCompare f) {
            return new Bound(f.feature(), f.operator(), f.operand(), null, f.describe());
        }
        if (c instanceof Condition.AttributeCompare a) {
            Value v = a.operand();
            boolean ordered = v instanceof Value.Number || v instanceof Value.Date;
            return new Bound(List.of(a.attribute(), v.kind()), a.operator(), ordered ? v.asNumber() : Double.NaN,
                    ordered ? null : v, a.describe());
        }
        return null;
    }

    private static boolean disjoint(Bound a, Bound b) {
        if (a.value() != null) { // text or flag: == and != only
            boolean same = a.value().equals(b.value());
            return a.op() == Operator.EQ && b.op() == Operator.EQ ? !same
                    : (a.op() == Operator.EQ) != (b.op() == Operator.EQ) && same;
        }
        if (a.op() == Operator.NE || b.op() == Operator.NE) {
            Bound ne = a.op() == Operator.NE ? a : b;
            Bound other = ne == a ? b : a;
            return other.op() == Operator.EQ && other.number() == ne.number();
        }
        double[] x = interval(a);
        double[] y = interval(b);
        double lo = Math.max(x[0], y[0]);
        double hi = Math.min(x[2], y[2]);
        if (lo > hi) {
            return true;
        }
        if (lo < hi) {
            return false;
        }
        boolean loIncluded = (x[0] < lo || x[1] == 1) && (y[0] < lo || y[1] == 1);
        boolean hiIncluded = (x[2] > hi || x[3] == 1) && (y[2] > hi || y[3] == 1);
        return !(loIncluded && hiIncluded);
    }

    /** {low, low included, high, high included} of a comparison other than !=. */
    private static double[] interval(Bound b) {
        double n = b.number();
        double inf = Double.POSITIVE_INFINITY;
        return switch (b.op()) {
            case EQ -> new double[] {n, 1, n, 1};
            case LT -> new double[] {-inf, 0, n, 0};
            case LE -> new double[] {-inf, 0, n, 1};
            case GT -> new double[] {n, 0, inf, 0};
            case GE -> new double[] {n, 1, inf, 0};
            case NE -> throw new IllegalArgumentException("!= has no interval");
        };
    }
}
