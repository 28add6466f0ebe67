package io.relevans.kafka;

import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import io.relevans.kafka.internal.LoadedDefinitions;
import io.relevans.kafka.internal.PublishedDefinitions;
import io.relevans.kafka.internal.PublishedModel;
import io.relevans.prediction.CustomerBaseModel;
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

    /** The key the prediction model's records carry ({@link #publishModel}). */
    public static final String MODEL_KEY = "prediction-model";

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
     * Writes a fitted customer-base model to the definitions topic: every instance's prediction features
     * ({@code p_alive}, {@code expected_purchases}, {@code expected_spend}) use it from the next record each
     * task reads, as the embedded engine's take the latest model of their storage at their next tick, and
     * an instance that starts later reads it before it processes anything. The model's version and the
     * moment it was fitted are part of the definitions' fingerprint: every customer is evaluated again at
     * their next event or timer. Versions only go up: a model whose version is not above the one an instance
     * uses is ignored there. Fit the model where the order history is ({@code CustomerBaseModel.fit} on
     * purchase summaries, or an embedded engine's {@code historyImport} then {@code fitPredictions()}),
     * calibrated in the definitions' purchase day zone.
     *
     * <pre>{@code
     * CustomerBaseModel fitted = CustomerBaseModel.fit(summaries, calibration, Instant.now()).withVersion(4);
     * RelevansDefinitions.publishModel(producer, Topics.defaults(), fitted);
     * }</pre>
     *
     * @param model the model, usable ({@link CustomerBaseModel#usable()}) and of version 1 or more, above every
     *              version published before
     * @return the send, as the producer gives it
     * @throws IllegalArgumentException when the model is not usable (its fit did not converge or had too few
     *                                  repeat customers: its diagnostics say which) or its version is below 1;
     *                                  nothing is written then
     */
    public static Future<RecordMetadata> publishModel(Producer<String, String> producer, Topics topics,
                                                      CustomerBaseModel model) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(model, "model");
        if (!model.usable()) {
            throw new IllegalArgumentException("prediction model v" + model.version() + " is not usable, not "
                    + "published: " + model.summary());
        }
        PublishedModel published = new PublishedModel(model);
        return producer.send(new ProducerRecord<>(topics.definitions(), MODEL_KEY, published.write()));
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
