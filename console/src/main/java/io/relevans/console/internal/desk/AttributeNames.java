package io.relevans.console.internal.desk;

import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What loaded definitions say about attributes: the names they test (for the correction form) and the shortest
 * age at which a definition treats each as too old (S20: {@code attribute has_children older than 3y}).
 *
 * @param names   attribute names the definitions test or set
 * @param maxAges per attribute, the shortest "older than" age a definition tests
 */
public record AttributeNames(SortedSet<String> names, Map<String, Duration> maxAges) {

    /** Reads the definitions. */
    public static AttributeNames of(Definitions definitions) {
        SortedSet<String> names = new TreeSet<>();
        Map<String, Duration> ages = new TreeMap<>();
        List<Condition> conditions = new ArrayList<>();
        for (Segment s : definitions.segments()) {
            conditions.add(s.condition());
        }
        for (CategoryExclusion e : definitions.policies().exclusions()) {
            conditions.add(e.when());
        }
        for (Program p : definitions.programs()) {
            p.audience().ifPresent(conditions::add);
            p.exitWhen().ifPresent(conditions::add);
            p.highRelevance().ifPresent(conditions::add);
            for (Step step : p.steps()) {
                if (step instanceof Step.Branch b) {
                    conditions.add(b.condition());
                } else if (step instanceof Step.SetAttribute a) {
                    names.add(a.name());
                } else if (step instanceof Step.ClearAttribute a) {
                    names.add(a.name());
                } else if (step instanceof Step.Ask a && !a.attribute().isEmpty()) {
                    names.add(a.attribute());
                }
            }
        }
        for (Condition c : conditions) {
            walk(c, names, ages);
        }
        return new AttributeNames(names, ages);
    }

    /** The attribute names a condition tests. */
    public static SortedSet<String> tested(Condition condition) {
        SortedSet<String> names = new TreeSet<>();
        walk(condition, names, new TreeMap<>());
        return names;
    }

    private static void walk(Condition c, SortedSet<String> names, Map<String, Duration> ages) {
        if (c instanceof Condition.AttributeCompare a) {
            names.add(a.attribute());
        } else if (c instanceof Condition.AttributePresent a) {
            names.add(a.attribute());
        } else if (c instanceof Condition.AttributeOlderThan a) {
            names.add(a.attribute());
            ages.merge(a.attribute(), a.age(), (x, y) -> x.compareTo(y) <= 0 ? x : y);
        } else if (c instanceof Condition.AllOf all) {
            all.parts().forEach(p -> walk(p, names, ages));
        } else if (c instanceof Condition.AnyOf any) {
            any.parts().forEach(p -> walk(p, names, ages));
        } else if (c instanceof Condition.Not not) {
            walk(not.part(), names, ages);
        }
    }
}
