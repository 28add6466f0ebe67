package io.relevans.kafka;

import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import io.relevans.kafka.internal.LoadedDefinitions;
import io.relevans.kafka.internal.PublishedDefinitions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Replaces the definitions every instance of the application runs: one record on the definitions topic
 * ({@link Topics#definitions()}: compacted, one partition) holds a version and the definitions' files in the
 * Relevans language. Every instance reads it on its global thread and loads it when its version is above the
 * one it runs, as the embedded engine's {@code Relevans.load} reloads (features kept, new features start
 * empty, customers keep their place in a program that still has their step); an instance that starts later
 * reads the latest version before it processes anything. {@link RelevansTopology#definitionsVersion()} says
 * which version an instance runs.
 *
 * <pre>{@code
 * RelevansDefinitions.publish(producer, Topics.defaults(), 8, Map.of("shop.rel", Files.readString(shopRel)));
 * producer.flush();
 * }</pre>
 *
 * Versions only go up: a record whose version is not above the running one is ignored (and logged when below).
 * Definitions that parse but do not compile on an instance (a template it lacks) are not loaded there: it
 * logs why and runs on its version.
 */
public final class RelevansDefinitions {

    /** The key the definitions' records carry. */
    public static final String KEY = "definitions";

    private RelevansDefinitions() {
    }

    /**
     * Checks the files (parse, references, static checks, what the runtime does not support) and writes them as
     * the version to the definitions topic.
     *
     * @param version 1 or more, above every version published before
     * @param files   the text of each file in the Relevans language, by file name (as diagnostics name them)
     * @return the send, as the producer gives it
     * @throws InvalidDefinitionException listing every error, each as {@code file:line:column: error: ...}; nothing
     *                                    is written then
     * @throws IllegalArgumentException   when the version is below 1 or there is no file
     */
    public static Future<RecordMetadata> publish(Producer<String, String> producer, Topics topics, long version,
                                                 Map<String, String> files) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(files, "files");
        PublishedDefinitions published = new PublishedDefinitions(version, new TreeMap<>(files));
        ParseResult parsed = Relang.parseAll(published.files());
        List<String> problems = new ArrayList<>(parsed.errors().stream().map(Diagnostic::format).toList());
        if (problems.isEmpty()) {
            problems.addAll(LoadedDefinitions.unsupported(parsed.definitions()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
        return producer.send(new ProducerRecord<>(topics.definitions(), KEY, published.write()));
    }

    /**
     * {@link #publish(Producer, Topics, long, Map)} of definitions built in Java, written as one file
     * {@code definitions.rel} in the Relevans language ({@code Relang.print}, which reads back equal).
     */
    public static Future<RecordMetadata> publish(Producer<String, String> producer, Topics topics, long version,
                                                 Definitions definitions) {
        Objects.requireNonNull(definitions, "definitions");
        return publish(producer, topics, version, Map.of("definitions.rel", Relang.print(definitions)));
    }
}
