package io.relevans.dsl;

import io.relevans.definition.Definitions;
import io.relevans.dsl.internal.Checker;
import io.relevans.dsl.internal.Parsed;
import io.relevans.dsl.internal.Parser;
import io.relevans.dsl.internal.Printer;
import io.relevans.dsl.internal.SourceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** The extension of definitions files read by {@link #load(Path)} and {@link #loadClasspath}. */
    public static final String EXTENSION = SourceFiles.EXTENSION;

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
        return parseAll(SourceFiles.directory(dir));
    }

    /**
     * Loads every {@code *.rel} file below a class path folder, in directories and inside jars, as one set
     * of definitions, in path order, so that definitions can ship inside the application's jar:
     * {@code Relang.loadClasspath(getClass().getClassLoader(), "rules")}. Diagnostics name files by their
     * path relative to the folder. When two class path roots hold a file of the same relative name, the
     * first in class path order is read, as for classes.
     *
     * @param loader the class loader whose class path is searched
     * @param folder the folder, such as {@code rules} or {@code com/shop/rules}
     * @return the definitions read and every problem found
     * @throws java.io.FileNotFoundException when no class path root has the folder (in a jar, the folder
     *                                       needs its directory entry, which jar tools write)
     * @throws IOException                   when a root is neither a directory nor a jar, or a file cannot
     *                                       be read
     * @throws IllegalArgumentException      when the folder is empty (the class path root)
     */
    public static ParseResult loadClasspath(ClassLoader loader, String folder) throws IOException {
        return parseAll(SourceFiles.classpath(loader, folder));
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
