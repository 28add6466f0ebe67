package io.relevans.dsl;

import io.relevans.definition.Definitions;
import io.relevans.dsl.internal.Checker;
import io.relevans.dsl.internal.Parsed;
import io.relevans.dsl.internal.Parser;
import io.relevans.dsl.internal.Printer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Relevans rules language: segments, programs, policies and price ranges as text files that are
 * reviewed like code and loaded by the engine.
 *
 * <pre>{@code
 * ParseResult r = Relang.parse("shop.rel", """
 *         category tv price 2990 .. 29990
 *         segment big_spenders:
 *           sum purchase.line.amount over 365d >= 20000
 *         """);
 * if (!r.ok()) System.err.println(r.report());   // shop.rel:3:3: error: ...
 * Definitions definitions = r.orThrow();
 * String text = Relang.print(definitions);       // parse(print(d)) gives d again
 * }</pre>
 *
 * Literals in the text are values (text, numbers, flags, dates) and never code: nothing written in a
 * file is evaluated or passed on as an expression.
 */
public final class Relang {

    /** The extension of definitions files read by {@link #load(Path)}. */
    public static final String EXTENSION = ".rel";

    private Relang() {
    }

    /**
     * Parses one file and checks its references, then checks statically what cannot work as written
     * (conditions that never hold, unreachable steps...; see the module's README).
     *
     * @param file the file name used in diagnostics
     * @param text the file's text
     * @return the definitions read and every problem found
     */
    public static ParseResult parse(String file, String text) {
        return parseAll(Map.of(file, text));
    }

    /**
     * Parses several files as one set of definitions: a file may use segments and price ranges defined in
     * another. Files are read in the map's iteration order.
     *
     * @param files text by file name
     * @return the definitions read and every problem found
     */
    public static ParseResult parseAll(Map<String, String> files) {
        return parseAll(files, true);
    }

    /** Parses and checks references; the static checks (conditions that never hold...) only when asked. */
    static ParseResult parseAll(Map<String, String> files, boolean staticChecks) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        files.forEach((file, text) -> parsed.add(Parser.parse(file, text, diagnostics)));
        return Checker.check(parsed, diagnostics, staticChecks);
    }

    /**
     * Loads every {@code *.rel} file in a directory and its subdirectories, in path order, as one set of
     * definitions. Diagnostics name files by their path relative to the directory.
     *
     * @param dir the directory
     * @return the definitions read and every problem found
     * @throws IOException when the directory or a file cannot be read
     */
    public static ParseResult load(Path dir) throws IOException {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> p.getFileName().toString().endsWith(EXTENSION) && Files.isRegularFile(p))
                    .sorted().toList();
        }
        for (Path p : paths) {
            String name = dir.relativize(p).toString().replace('\\', '/');
            files.put(name, Files.readString(p, StandardCharsets.UTF_8));
        }
        return parseAll(files);
    }

    /**
     * Writes definitions as text such that {@code parse(file, print(d)).definitions()} equals {@code d}
     * (durations are written to the millisecond).
     *
     * @param definitions the definitions
     * @return the text
     */
    public static String print(Definitions definitions) {
        return Printer.print(definitions);
    }
}
