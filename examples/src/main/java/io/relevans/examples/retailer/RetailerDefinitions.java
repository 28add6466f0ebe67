package io.relevans.examples.retailer;

import io.relevans.definition.Definitions;
import io.relevans.dsl.Relang;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The retailer's segments, programs and policies, written in the Relevans language under {@code
 * retailer/} on the classpath (or in a folder of {@code .rel} files the user names, for a backtest of
 * changed definitions).
 */
public final class RetailerDefinitions {

    private RetailerDefinitions() {
    }

    /**
     * The definitions shipped with the example.
     *
     * @throws IllegalStateException with every error when a file does not check
     */
    public static Definitions bundled() {
        try {
            return Relang.loadClasspath(RetailerDefinitions.class.getClassLoader(), "retailer").orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The definitions in a folder of {@code .rel} files.
     *
     * @throws IllegalStateException with every error when a file does not check
     */
    public static Definitions from(Path folder) throws IOException {
        return Relang.load(folder).orThrow();
    }
}
