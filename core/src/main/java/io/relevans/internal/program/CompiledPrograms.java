package io.relevans.internal.program;

import io.relevans.customer.Category;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Program;
import io.relevans.definition.Step;
import io.relevans.event.EventType;
import io.relevans.internal.Digests;
import io.relevans.internal.engine.NamedCondition;
import io.relevans.internal.engine.SegmentSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The programs of a definition set prepared for running: their conditions as hidden conditions for
 * the rule compiler, the features their guards need, and the "since trigger" matches per program.
 * Immutable.
 */
public final class CompiledPrograms {

    private final Map<String, Program> programs = new LinkedHashMap<>();
    private final List<NamedCondition> hidden = new ArrayList<>();
    private final Set<Feature> features = new LinkedHashSet<>();
    private final Map<String, List<Since>> sinceMatches = new LinkedHashMap<>();
    private final List<CategoryExclusion> exclusions;

    /** Prepares the programs of the definitions. */
    public CompiledPrograms(Definitions definitions) {
        for (Program p : definitions.programs()) {
            programs.put(p.name(), p);
            String owner = "program '" + p.name() + "'";
            p.audience().ifPresent(c -> hidden.add(new NamedCondition(audience(p.name()), c, p.name(), owner)));
            p.exitWhen().ifPresent(c -> hidden.add(new NamedCondition(exit(p.name()), c, p.name(), owner)));
            p.highRelevance().ifPresent(c -> hidden.add(new NamedCondition(relevant(p.name()), c, p.name(), owner)));
            List<EventMatch> since = new ArrayList<>();
            for (Step s : p.steps()) {
                if (s instanceof Step.Branch b) {
                    hidden.add(new NamedCondition(branch(p.name(), b.label()), b.condition(), p.name(),
                            "step '" + b.label() + "' of " + owner));
                    collectSince(b.condition(), since);
                }
            }
            p.exitWhen().ifPresent(c -> collectSince(c, since));
            sinceMatches.put(p.name(), new LinkedHashSet<>(since).stream()
                    .map(m -> new Since(m, sinceCode(m), SegmentSymbols.since(p.name(), m))).toList());
            if (p.offer()) {
                for (Category c : p.promotes()) {
                    features.add(boughtIn(c));
                }
            }
        }
        exclusions = definitions.policies().exclusions();
        for (int i = 0; i < exclusions.size(); i++) {
            hidden.add(new NamedCondition(exclusion(i), exclusions.get(i).when(), "",
                    "exclusion of category '" + exclusions.get(i).category() + "'"));
        }
    }

    /** The program with the name, or null. */
    public @Nullable Program program(String name) {
        return programs.get(name);
    }

    /**
     * The program with the name, which is loaded: one whose send this round requested.
     *
     * @throws IllegalStateException when no program has the name
     */
    Program loaded(String name) {
        Program p = programs.get(name);
        if (p == null) {
            throw new IllegalStateException("program '" + name + "' is not loaded");
        }
        return p;
    }

    /** The programs in definition order. */
    public java.util.Collection<Program> programs() {
        return programs.values();
    }

    /** The hidden conditions to compile with the segments. */
    public List<NamedCondition> hidden() {
        return hidden;
    }

    /** The features the guards need (days since a purchase in each offered category, S10). */
    public Set<Feature> features() {
        return features;
    }

    /**
     * A "since trigger" match a program's conditions look at, worked out once: the code its timers keep
     * ({@link #sinceCode}) and the key the rules test ({@link SegmentSymbols#since}).
     *
     * @param match the match
     * @param code  its code
     * @param key   its key, for the program
     */
    public record Since(EventMatch match, int code, String key) {
    }

    /** The "since trigger" matches a program's conditions look at. */
    public List<Since> sinceMatches(String program) {
        return sinceMatches.getOrDefault(program, List.of());
    }

    /**
     * The code a timer keeps for a "since trigger" match that happened: from the match's text, not its
     * position, so a reloaded program with other matches does not read it as another match.
     */
    public static int sinceCode(EventMatch match) {
        return (int) ((Digests.sha256Long(match.describe()) >>> 32) & 0x7fff_ffff); // 4 bytes, no sign
    }

    /** The category exclusions (S16, S18). */
    public List<CategoryExclusion> exclusions() {
        return exclusions;
    }

    static Feature boughtIn(Category category) {
        return Features.daysSince(EventType.PURCHASE).where("line.category", category.name());
    }

    static String audience(String program) {
        return "#audience/" + program;
    }

    static String exit(String program) {
        return "#exit/" + program;
    }

    static String relevant(String program) {
        return "#relevant/" + program;
    }

    static String branch(String program, String label) {
        return "#branch/" + program + "/" + label;
    }

    static String exclusion(int index) {
        return "#exclude/" + index;
    }

    private static void collectSince(Condition c, List<EventMatch> out) {
        if (c instanceof Condition.SinceTrigger t) {
            out.add(t.match());
        } else if (c instanceof Condition.AllOf all) {
            all.parts().forEach(p -> collectSince(p, out));
        } else if (c instanceof Condition.AnyOf any) {
            any.parts().forEach(p -> collectSince(p, out));
        } else if (c instanceof Condition.Not not) {
            collectSince(not.part(), out);
        }
    }
}
