package io.relevans.dsl.internal;

import io.relevans.customer.Category;
import io.relevans.definition.Definitions;
import io.relevans.definition.Policies;
import io.relevans.definition.PriceRange;
import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.internal.Parsed.Located;
import io.relevans.dsl.internal.Parsed.Ref;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks what one or more files declare as a whole: names defined twice, references to unknown
 * segments, price tiers of categories without a price range; then builds the {@link Definitions}.
 * Event types are not checked: any name is a custom type.
 */
public final class Checker {
    private Checker() {
    }

    /** Checks the files together, then runs {@link StaticChecks}, and builds the result. */
    public static ParseResult check(List<Parsed> files, List<Diagnostic> diagnostics) {
        return check(files, diagnostics, true);
    }

    /**
     * Checks the files together and builds the result, adding to the diagnostics; with
     * {@code staticChecks}, a result without errors also goes through {@link StaticChecks}.
     */
    public static ParseResult check(List<Parsed> files, List<Diagnostic> diagnostics, boolean staticChecks) {
        Map<String, Where> segments = declared(files, "segment", p -> p.segmentNames, diagnostics);
        declared(files, "program", p -> p.programNames, diagnostics);
        Map<String, Where> categories = declared(files, "category", p -> p.categoryNames, diagnostics);
        Definitions.Builder builder = Definitions.builder();
        java.util.Set<String> seenSegments = new java.util.HashSet<>();
        java.util.Set<String> seenPrograms = new java.util.HashSet<>();
        Map<Category, PriceRange> ranges = new LinkedHashMap<>();
        Located<Policies> policies = null;
        String policiesFile = null;
        Suggest.Index segmentNames = null; // for hints, built at the first unknown name: one look-up per name
        Suggest.Index categoryNames = null;
        for (Parsed p : files) {
            p.segments.stream().filter(s -> seenSegments.add(s.name())).forEach(s -> builder.segment(s.value()));
            p.programs.stream().filter(s -> seenPrograms.add(s.name())).forEach(s -> builder.program(s.value()));
            p.ranges.forEach(r -> ranges.putIfAbsent(r.value().category(), r.value()));
            for (Located<Policies> l : p.policies) {
                if (policies == null) {
                    policies = l;
                    policiesFile = p.file;
                    builder.policies(l.value());
                } else {
                    diagnostics.add(new Diagnostic(p.file, l.line(), l.column(), "policies are defined twice (first "
                            + at(p.file, policiesFile, policies.line()) + "); put all policies in one block"));
                }
            }
            for (Ref r : p.segmentRefs) {
                if (!segments.containsKey(r.name())) {
                    segmentNames = segmentNames != null ? segmentNames : Suggest.index(segments.keySet());
                    diagnostics.add(new Diagnostic(p.file, r.line(), r.column(), "unknown segment '" + r.name() + "'"
                            + segmentNames.hint(r.name())));
                }
            }
            for (Ref r : p.tierCategoryRefs) {
                if (!categories.containsKey(r.name())) {
                    categoryNames = categoryNames != null ? categoryNames : Suggest.index(categories.keySet());
                    diagnostics.add(new Diagnostic(p.file, r.line(), r.column(), "category '" + r.name()
                            + "' has no price range for its price tiers; add a line such as 'category " + r.name()
                            + " price 100 .. 1000'" + categoryNames.hint(r.name())));
                }
            }
        }
        ranges.values().forEach(r -> builder.priceRange(r.category().name(), r.min(), r.max()));
        if (staticChecks && diagnostics.isEmpty()) { // on a complete model only: no follow-on noise
            StaticChecks.check(files, diagnostics);
        }
        diagnostics.sort(Diagnostic.ORDER);
        return new ParseResult(builder.build(), diagnostics);
    }

    private record Where(String file, int line) {
    }

    private static Map<String, Where> declared(List<Parsed> files, String what,
                                               java.util.function.Function<Parsed, List<Ref>> names,
                                               List<Diagnostic> diagnostics) {
        Map<String, Where> first = new LinkedHashMap<>();
        for (Parsed p : files) {
            for (Ref r : names.apply(p)) {
                String key = what.equals("category") ? r.name().strip().toLowerCase(java.util.Locale.ROOT) : r.name();
                Where before = first.putIfAbsent(key, new Where(p.file, r.line()));
                if (before != null) {
                    diagnostics.add(new Diagnostic(p.file, r.line(), r.column(), what + " '" + r.name()
                            + "' is defined twice (first " + at(p.file, before.file(), before.line()) + ")"));
                }
            }
        }
        return first;
    }

    private static String at(String file, @Nullable String firstFile, int line) {
        return file.equals(firstFile) ? "on line " + line : "in " + firstFile + " on line " + line;
    }

}
