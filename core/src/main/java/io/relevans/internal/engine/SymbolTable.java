package io.relevans.internal.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Numbers for the names and literals of the definitions (attributes, values, consents, interests),
 * so generated rules hold only integers: user text never reaches the rule compiler.
 */
final class SymbolTable {
    private final Map<String, Integer> ids = new HashMap<>();

    /** The id of the symbol, assigning the next one if new. */
    int intern(String symbol) {
        return ids.computeIfAbsent(symbol, s -> ids.size());
    }

    /** How many symbols there are; ids are 0 to size - 1. */
    int size() {
        return ids.size();
    }

    /** The id of the symbol, or -1 when no definition named it. */
    int find(String symbol) {
        Integer id = ids.get(symbol);
        return id == null ? -1 : id;
    }
}
