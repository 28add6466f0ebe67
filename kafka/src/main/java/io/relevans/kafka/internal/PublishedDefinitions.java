package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.internal.json.StoredJson;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One record of the definitions topic: a version and the definitions' files in the Relevans language,
 * {@code {"version": 7, "files": {"shop.rel": "segment ..."}}}.
 *
 * @param version the version, 1 or more; the instances apply a record only when it is above the one they run
 * @param files   the text of each file by its name (the names diagnostics use), read in name order
 */
public record PublishedDefinitions(long version, SortedMap<String, String> files) {

    /** A version of 1 or more; at least one file, none blank in name. */
    public PublishedDefinitions {
        if (version < 1) {
            throw new IllegalArgumentException("a definitions version is 1 or more, got " + version);
        }
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("definitions version " + version + " has no file");
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey() == null || f.getKey().isBlank() || f.getValue() == null) {
                throw new IllegalArgumentException("definitions version " + version
                        + " has a file without a name or text");
            }
        }
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** The record's value. */
    public String write() {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("version", version);
        ObjectNode f = n.putObject("files");
        files.forEach(f::put);
        return StoredJson.write(n);
    }

    /**
     * A record's value as {@link #write()} wrote it.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static PublishedDefinitions read(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a definitions record has a value (a tombstone unloads nothing)");
        }
        JsonNode n = StoredJson.read(value);
        if (!n.isObject()) {
            throw new IllegalArgumentException("a definitions record is {\"version\": n, \"files\": {name: text}}");
        }
        JsonNode version = StoredJson.field(n, "version");
        if (!version.canConvertToLong() || !version.isIntegralNumber()) {
            throw new IllegalArgumentException("field 'version' is not a whole number: " + version);
        }
        JsonNode f = StoredJson.field(n, "files");
        if (!f.isObject()) {
            throw new IllegalArgumentException("field 'files' is not an object of file names to texts");
        }
        SortedMap<String, String> files = new TreeMap<>();
        f.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("file '" + e.getKey() + "' is not text");
            }
            files.put(e.getKey(), e.getValue().textValue());
        });
        return new PublishedDefinitions(version.longValue(), files);
    }
}
