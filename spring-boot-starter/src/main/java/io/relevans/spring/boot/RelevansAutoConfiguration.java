package io.relevans.spring.boot;

import io.relevans.ChannelBreaker;
import io.relevans.Relevans;
import io.relevans.RetryPolicy;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.spi.ActionAdapter;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.EventArchive;
import io.relevans.spi.InMemoryCustomerStore;
import io.relevans.spi.InMemoryOutbox;
import io.relevans.spi.InMemoryTimerStore;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Storage;
import io.relevans.spi.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures a {@link Relevans} engine from {@link RelevansProperties}: its {@link Storage}
 * ({@code relevans.storage.type}), its {@link TemplateRenderer} ({@code relevans.templates}), its
 * definitions ({@link RelevansDefinitions}, from {@code relevans.definitions.location}), the channel
 * adapters ({@link RelevansChannelsConfiguration}) and the {@link RelevansTicker} that ticks it. Every
 * bean backs off when the application defines one of its type; the engine also takes the application's
 * {@link ChannelAdapter} beans, and its {@link Clock}, {@link RetryPolicy}, {@link ChannelBreaker},
 * {@link ActionAdapter}, {@link EventArchive} and {@link EngineObserver} beans when there is one of each,
 * and lets {@link RelevansBuilderCustomizer} beans adjust the builder last.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(RelevansProperties.class)
@Import(RelevansChannelsConfiguration.class)
public class RelevansAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RelevansAutoConfiguration.class);

    /** The property that chooses the storage. */
    static final String STORAGE_TYPE = RelevansProperties.PREFIX + ".storage.type";

    /** Created by Spring Boot's auto-configuration. */
    public RelevansAutoConfiguration() {
    }

    /** Where the definitions are read: {@code relevans.definitions.location}. */
    @Bean
    @ConditionalOnMissingBean
    public DefinitionsLocation relevansDefinitionsLocation(RelevansProperties properties, ResourceLoader resources) {
        return DefinitionsLocation.of(properties.getDefinitions().getLocation(), loader(resources));
    }

    /** The application's class loader. */
    private static ClassLoader loader(ResourceLoader resources) {
        return resources.getClassLoader() != null ? resources.getClassLoader()
                : RelevansAutoConfiguration.class.getClassLoader();
    }

    /** The definitions read at start, and their reloads. */
    @Bean
    @ConditionalOnMissingBean
    public RelevansDefinitions relevansDefinitions(DefinitionsLocation location, ObjectProvider<Relevans> engine,
                                                   ObjectProvider<Clock> clock) {
        return new RelevansDefinitions(location, engine::getObject, clock(clock));
    }

    /**
     * The storage {@code relevans.storage.type} names: the in-memory stores, or {@code JdbcStorage} on the
     * application's {@code DataSource} with the Relevans migrations applied.
     */
    @Bean
    @ConditionalOnMissingBean
    public Storage relevansStorage(RelevansProperties properties, ObjectProvider<DataSource> dataSource,
                                   ResourceLoader resources) {
        StorageType type = properties.getStorage().getType();
        if (type == StorageType.MEMORY) {
            return Storage.of(new InMemoryCustomerStore(), new InMemoryTimerStore(), new InMemoryOutbox());
        }
        if (!JdbcStorageFactory.available(loader(resources))) {
            throw new InvalidConfigurationPropertyValueException(STORAGE_TYPE, "jdbc",
                    "the JDBC storage needs io.relevans:relevans-jdbc on the class path");
        }
        DataSource source = dataSource.getIfUnique();
        if (source == null) {
            throw new InvalidConfigurationPropertyValueException(STORAGE_TYPE, "jdbc",
                    "the JDBC storage needs one DataSource bean (spring-boot-starter-jdbc and spring.datasource.url, "
                            + "or the application's own), found " + dataSource.stream().count());
        }
        return JdbcStorageFactory.open(source, properties.getStorage().getJdbc().getCachedCustomers());
    }

    /** The templates of {@code relevans.templates}, as a {@code SimpleTemplates}. */
    @Bean
    @ConditionalOnMissingBean
    public TemplateRenderer relevansTemplates(RelevansProperties properties) {
        SimpleTemplates.Builder builder = SimpleTemplates.builder();
        for (Map.Entry<String, RelevansProperties.Template> e : properties.getTemplates().entrySet()) {
            String property = RelevansProperties.PREFIX + ".templates." + e.getKey();
            RelevansProperties.Template t = e.getValue();
            if (t == null || t.getSubject() == null || t.getBody() == null) {
                throw new InvalidConfigurationPropertyValueException(property, null,
                        "a template needs a subject and a body (" + property + ".subject, " + property + ".body)");
            }
            try {
                builder.template(e.getKey(), t.getSubject(), t.getBody());
            } catch (IllegalArgumentException problem) {
                throw new InvalidConfigurationPropertyValueException(property, null, problem.getMessage());
            }
        }
        return builder.build();
    }

    /**
     * The engine, built with the definitions read at start.
     *
     * @throws InvalidConfigurationPropertyValueException naming {@value DefinitionsLocation#PROPERTY} when
     *                                                    the engine refuses the definitions (such as a
     *                                                    template it does not know)
     */
    @Bean
    @ConditionalOnMissingBean
    public Relevans relevans(RelevansProperties properties, Storage storage, TemplateRenderer templates,
                             RelevansDefinitions definitions, ObjectProvider<ChannelAdapter> channels,
                             ObjectProvider<Clock> clock, ObjectProvider<RetryPolicy> retry,
                             ObjectProvider<ChannelBreaker> breaker, ObjectProvider<ActionAdapter> actions,
                             ObjectProvider<EventArchive> archive, ObjectProvider<EngineObserver> observer,
                             ObjectProvider<RelevansBuilderCustomizer> customizers, ResourceLoader resources) {
        requireChannelsModule(properties, loader(resources));
        Relevans.Builder builder = Relevans.builder()
                .clock(clock(clock))
                .storage(storage)
                .templates(templates)
                .definitions(definitions.initial());
        channels.orderedStream().forEach(builder::channel);
        retry.ifUnique(builder::retry);
        breaker.ifUnique(builder::breaker);
        actions.ifUnique(builder::actions);
        archive.ifUnique(builder::archive);
        List<EngineObserver> observers = observer.orderedStream().toList();
        if (observers.size() > 1) {
            throw new IllegalStateException("the Relevans engine takes one EngineObserver bean, found "
                    + observers.size() + ": " + observers);
        }
        observers.forEach(builder::observer);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        try {
            return builder.build();
        } catch (InvalidDefinitionException e) {
            DefinitionsLocation location = definitions.location();
            throw new InvalidConfigurationPropertyValueException(DefinitionsLocation.PROPERTY, location.value(),
                    "the engine refused the definitions in the " + location.describe() + ": "
                            + String.join("; ", e.problems())
                            + " (templates come from relevans.templates or a TemplateRenderer bean)");
        }
    }

    /** Ticks the engine every {@code relevans.tick.interval}, unless {@code relevans.tick.enabled=false}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = RelevansProperties.PREFIX + ".tick", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    public RelevansTicker relevansTicker(Relevans engine, RelevansProperties properties, ObjectProvider<Clock> clock) {
        return new RelevansTicker(engine, properties.getTick().getInterval(), clock(clock));
    }

    /**
     * Reloads a folder's definitions when they change, checked every
     * {@code relevans.definitions.reload-interval}.
     *
     * @throws InvalidConfigurationPropertyValueException naming the property when the location is on the
     *                                                    class path
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = RelevansProperties.PREFIX + ".definitions", name = "reload-interval")
    public DefinitionsWatcher relevansDefinitionsWatcher(RelevansDefinitions definitions,
                                                         RelevansProperties properties) {
        if (definitions.location().folder().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(RelevansProperties.PREFIX
                    + ".definitions.reload-interval", properties.getDefinitions().getReloadInterval(),
                    "only a folder location is watched; the " + definitions.location().describe()
                            + " does not change while the application runs (reload it with the relevans endpoint)");
        }
        Duration interval = Objects.requireNonNull(properties.getDefinitions().getReloadInterval(),
                "the watcher is made only with a reload interval");
        return new DefinitionsWatcher(definitions, interval);
    }

    /**
     * Refuses channel properties without relevans-channels, which would otherwise be ignored silently.
     *
     * @throws InvalidConfigurationPropertyValueException naming the first such property
     */
    private static void requireChannelsModule(RelevansProperties properties, ClassLoader loader) {
        if (ClassUtils.isPresent(RelevansChannelsConfiguration.SMTP_CLASS, loader)) {
            return;
        }
        RelevansProperties.Channels c = properties.getChannels();
        Map<String, @Nullable String> set = new java.util.LinkedHashMap<>();
        set.put("smtp.host", c.getSmtp().getHost());
        set.put("sms.url", c.getSms().getUrl());
        set.put("push.url", c.getPush().getUrl());
        set.entrySet().removeIf(e -> e.getValue() == null);
        if (!set.isEmpty()) {
            Map.Entry<String, @Nullable String> first = set.entrySet().iterator().next();
            throw new InvalidConfigurationPropertyValueException(RelevansProperties.PREFIX + ".channels."
                    + first.getKey(), first.getValue(),
                    "the SMTP and webhook channels need io.relevans:relevans-channels on the class path");
        }
    }

    /** The application's one Clock bean, or the system clock in UTC. */
    static Clock clock(ObjectProvider<Clock> clock) {
        Clock c = clock.getIfUnique();
        if (c == null) {
            return Clock.systemUTC();
        }
        LOG.debug("the Relevans engine reads time from the application's clock {}", c);
        return c;
    }
}
