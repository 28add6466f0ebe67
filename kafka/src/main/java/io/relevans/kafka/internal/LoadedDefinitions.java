package io.relevans.kafka.internal;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.dsl.ParseResult;
import io.relevans.dsl.Relang;
import io.relevans.internal.feature.CompiledFeature;
import io.relevans.internal.runtime.SplitJudge;
import io.relevans.internal.step.CustomerStep;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.spi.TemplateRenderer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The definitions an instance runs: those it was built with (version 0) until a newer version comes from
 * the definitions topic. Shared by every task of the instance (the compiled step is immutable and
 * thread-safe); a new version is compiled on the thread that reads it and replaces the step at once, so the
 * next record any task reads is evaluated with it. As the embedded engine's reload without an event archive:
 * features that the old definitions also had keep their state, features added start from the events that
 * come after (logged), and customers waiting in a program keep their place when the program still has the
 * step they wait at (the step decides when their timer fires). Definitions that do not parse or compile are
 * not loaded: the running version stays, and the reason is logged.
 */
public final class LoadedDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedDefinitions.class);

    /**
     * A version and its compiled step.
     *
     * @param version the version, 0 for the definitions the topology was built with
     * @param step    the compiled definitions
     */
    public record Loaded(long version, CustomerStep step) {
        /** A version of 0 or more and its step. */
        public Loaded {
            Objects.requireNonNull(step, "step");
        }
    }

    private final TemplateRenderer templates;
    private final Map<Channel, IdentityType> channels;
    private volatile Loaded current;
    /** The prediction model from the definitions topic, applied to every version's step; null: none yet. */
    private @Nullable CustomerBaseModel model;

    /**
     * Compiles the definitions the topology is built with, as version 0.
     *
     * @throws InvalidDefinitionException listing every problem, including what the runtime does not support
     */
    public LoadedDefinitions(Definitions initial, TemplateRenderer templates, Map<Channel, IdentityType> channels) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.channels = Map.copyOf(new LinkedHashMap<>(channels));
        this.current = new Loaded(0, compile(initial));
    }

    /**
     * The compiled definitions.
     *
     * @throws InvalidDefinitionException listing every problem, including what the runtime does not support
     *                                    yet (A/B splits that pick a winner)
     */
    private CustomerStep compile(Definitions definitions) {
        List<String> unsupported = unsupported(definitions);
        if (!unsupported.isEmpty()) {
            throw new InvalidDefinitionException(unsupported);
        }
        return CustomerStep.compile(definitions, templates, channels);
    }

    /** What the definitions use that the runtime does not support yet (A/B splits that pick a winner). */
    public static List<String> unsupported(Definitions definitions) {
        return SplitJudge.splits(definitions).stream().map(t -> "split '" + t.split().label() + "' of program '"
                + t.program().name() + "' picks a winner: the Kafka runtime keeps no split decisions yet; drop the"
                + " winner rule").toList();
    }

    /** The compiled definitions this instance runs now. */
    public CustomerStep step() {
        return current.step();
    }

    /** The version this instance runs now and its step. */
    public Loaded current() {
        return current;
    }

    /**
     * Loads a record of the definitions topic when its version is above the one running; never throws (the
     * thread reading the topic must go on).
     *
     * @param value the record's value, as {@link PublishedDefinitions#write()} writes it
     * @return whether the record's definitions are loaded now
     */
    public synchronized boolean offer(String value) {
        PublishedDefinitions published;
        try {
            published = PublishedDefinitions.read(value);
        } catch (IllegalArgumentException e) {
            LOG.error("a definitions record is unreadable, version {} runs on: {}", current.version(), e.getMessage());
            return false;
        }
        Loaded running = current;
        if (published.version() <= running.version()) {
            if (published.version() < running.version()) {
                LOG.warn("definitions version {} ignored: version {} runs, and versions only go up",
                        published.version(), running.version());
            }
            return false;
        }
        ParseResult parsed = Relang.parseAll(published.files());
        if (!parsed.ok()) {
            LOG.error("definitions version {} not loaded, version {} runs on:\n{}", published.version(),
                    running.version(), parsed.report());
            return false;
        }
        parsed.warnings().forEach(w -> LOG.warn("definitions version {}: {}", published.version(), w.format()));
        CustomerStep step;
        long started = System.nanoTime();
        try {
            step = compile(parsed.definitions());
        } catch (RuntimeException e) {
            LOG.error("definitions version {} not loaded, version {} runs on: {}", published.version(),
                    running.version(), e.getMessage());
            return false;
        }
        List<String> added = added(running.step(), step);
        step = step.withModel(model);
        warnWithoutModel(step, published.version());
        current = new Loaded(published.version(), step);
        LOG.info("definitions version {} loaded: {} segment(s), {} program(s), compiled in {} ms",
                published.version(), parsed.definitions().segments().size(), parsed.definitions().programs().size(),
                (System.nanoTime() - started) / 1_000_000);
        if (!added.isEmpty()) {
            LOG.warn("definitions version {}: {} new feature(s) start from the events that come after (this runtime"
                    + " has no event archive to fill them from): {}", published.version(), added.size(), added);
        }
        return true;
    }

    /**
     * Takes a prediction model of the definitions topic when its version is above the one in use: the
     * running definitions' prediction features use it from the next record any task reads (their
     * fingerprint changes, so every customer is evaluated again at their next event or timer). Never throws.
     *
     * @param value the record's value, as {@link PublishedModel#write()} writes it
     * @return whether the model is used now
     */
    public synchronized boolean offerModel(String value) {
        PublishedModel published;
        try {
            published = PublishedModel.read(value);
        } catch (RuntimeException e) { // a field out of range, a date that does not parse: the thread goes on
            LOG.error("a prediction model record is unreadable, {} stays in use: {}", describe(model), e.getMessage());
            return false;
        }
        CustomerBaseModel offered = published.model();
        if (model != null && offered.version() <= model.version()) {
            if (offered.version() < model.version()) {
                LOG.warn("prediction model v{} ignored: v{} is in use, and versions only go up", offered.version(),
                        model.version());
            }
            return false;
        }
        if (!offered.usable()) {
            LOG.error("prediction model v{} not used, {} stays in use: the fit is not usable: {}", offered.version(),
                    describe(model), offered.summary());
            return false;
        }
        model = offered;
        Loaded running = current;
        current = new Loaded(running.version(), running.step().withModel(offered));
        LOG.info("prediction model v{} in use with definitions version {}: {}", offered.version(), running.version(),
                offered.summary());
        return true;
    }

    /** The prediction model in use, if one came from the definitions topic. */
    public Optional<CustomerBaseModel> model() {
        return Optional.ofNullable(model);
    }

    private static String describe(@Nullable CustomerBaseModel m) {
        return m == null ? "no model" : "model v" + m.version();
    }

    private void warnWithoutModel(CustomerStep step, long version) {
        if (step.segments().plan().predicts() && model == null) {
            LOG.warn("definitions version {} use predictions (p_alive, expected_purchases, expected_spend) and no "
                    + "model is published: they have no value until RelevansDefinitions.publishModel writes one",
                    version);
        }
    }

    /** The features of the new step the old one did not have. */
    private static List<String> added(CustomerStep before, CustomerStep after) {
        Set<Long> had = new HashSet<>();
        before.segments().plan().features().forEach(f -> had.add(f.key()));
        return after.segments().plan().features().stream().filter(f -> !had.contains(f.key()))
                .map(CompiledFeature::description).toList();
    }
}
