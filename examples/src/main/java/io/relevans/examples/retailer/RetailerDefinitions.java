package io.relevans.examples.retailer;

import io.relevans.definition.Definitions;
import io.relevans.dsl.Relang;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The retailer's segments, programs and policies, written in the Relevans language under {@code
 * retailer/} on the classpath (or in a folder of {@code .rel} files the user names, for a backtest of
 * changed definitions).
 */
public final class RetailerDefinitions {

    private static final List<String> FILES = List.of("catalogue.rel", "segments.rel", "programs.rel");

    private RetailerDefinitions() {
    }

    /**
     * The definitions shipped with the example.
     *
     * @throws IllegalStateException with every diagnostic when a file does not check
     */
    public static Definitions bundled() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String file : FILES) {
            try (InputStream in = Objects.requireNonNull(RetailerDefinitions.class.getResourceAsStream("/retailer/" + file),
                    "retailer/" + file)) {
                texts.put("retailer/" + file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Relang.parseAll(texts).orThrow();
    }

    /** The definitions in a folder of {@code .rel} files. */
    public static Definitions from(Path folder) throws IOException {
        return Relang.load(folder).orThrow();
    }
}
