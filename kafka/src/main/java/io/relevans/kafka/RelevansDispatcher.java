package io.relevans.kafka;

import io.relevans.DispatchReport;
import io.relevans.RetryPolicy;
import io.relevans.customer.Channel;
import io.relevans.customer.CustomerId;
import io.relevans.kafka.internal.Dispatching;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the messages the Kafka runtime decides to the channel adapters: reads the outbox topic (its own
 * consumer group, {@code read_committed}, so only messages of committed decisions), delivers due messages
 * with retries exactly as the embedded engine's dispatcher does (the message id is the idempotency key),
 * and writes each attempt back to the customer commands topic, so caps, results and explanations see it.
 * Run it on a thread of its own ({@link #run()}); several dispatchers share the outbox's partitions.
 *
 * <p>At least once towards channels: the committed offset of a partition never passes a message still
 * waiting, so a dispatcher that dies is replaced by one that reads those messages again; a message
 * handed to a channel whose outcome had not come back through the outbox yet is handed again, with the
 * same id.
 */
public final class RelevansDispatcher implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelevansDispatcher.class);

    private final Topics topics;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Dispatching dispatching;
    private final Duration poll;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Per outbox partition, the offset at which each waiting message was first read, by message id. */
    private final Map<TopicPartition, Map<String, Long>> firstSeen = new HashMap<>();
    /** Per customer, the outbox partition of their messages. */
    private final Map<CustomerId, TopicPartition> partitions = new HashMap<>();

    private RelevansDispatcher(Builder b) {
        // build() has set every default, so these are present
        this.topics = Objects.requireNonNull(b.topics, "topics");
        this.poll = Objects.requireNonNull(b.poll, "poll");
        Properties c = new Properties();
        c.putAll(b.kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, b.group);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        Properties p = new Properties();
        p.putAll(b.kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.dispatching = new Dispatching(b.adapters, Objects.requireNonNull(b.templates, "templates"),
                Objects.requireNonNull(b.clock, "clock"), Objects.requireNonNull(b.retry, "retry"));
    }

    /** Starts configuring a dispatcher. */
    public static Builder builder() {
        return new Builder();
    }

    /** Reads, delivers and writes outcomes until {@link #close()}. */
    @Override
    public void run() {
        consumer.subscribe(List.of(topics.outbox()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
                commit();
                for (TopicPartition tp : revoked) {
                    firstSeen.remove(tp);
                    partitions.entrySet().removeIf(e -> {
                        if (e.getValue().equals(tp)) {
                            dispatching.forget(e.getKey());
                            return true;
                        }
                        return false;
                    });
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
                LOG.info("dispatcher assigned {} outbox partition(s)", assigned.size());
            }
        });
        try {
            while (!closed.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(poll)) {
                    read(r);
                }
                DispatchReport report = dispatching.dispatch(outcome -> producer.send(new ProducerRecord<>(
                        topics.customerCommands(), outcome.getKey(), outcome.getValue())));
                if (report.sent() + report.retrying() + report.dead() > 0) {
                    LOG.debug("dispatched: {}", report);
                }
                commit();
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                throw e;
            }
        } finally {
            producer.flush();
            consumer.close();
            producer.close();
        }
    }

    private void read(ConsumerRecord<String, String> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        String id;
        try {
            id = dispatching.accept(r.value());
        } catch (RuntimeException e) {
            LOG.warn("outbox record at {}@{} unreadable, skipped: {}", tp, r.offset(), e.getMessage());
            return;
        }
        partitions.put(CustomerId.of(r.key()), tp);
        if (dispatching.isWaiting(id)) {
            firstSeen.computeIfAbsent(tp, x -> new LinkedHashMap<>()).putIfAbsent(id, r.offset());
        }
    }

    /**
     * Commits, per partition, the offset of the first message still waiting (or the position when none
     * waits), once the outcomes written so far are stored.
     */
    private void commit() {
        producer.flush();
        Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::toString));
        for (TopicPartition tp : consumer.assignment()) {
            Map<String, Long> seen = firstSeen.getOrDefault(tp, Map.of());
            seen.keySet().removeIf(id -> !dispatching.isWaiting(id));
            long low = seen.values().stream().mapToLong(Long::longValue).min().orElse(consumer.position(tp));
            offsets.put(tp, new OffsetAndMetadata(low));
        }
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    /** Stops the loop; {@link #run()} returns after its current round. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            consumer.wakeup();
        }
    }

    /** Configures a {@link RelevansDispatcher}; each setting may be given once. */
    public static final class Builder {
        private final Properties kafka = new Properties();
        private @Nullable String group;
        private @Nullable Topics topics;
        private final Map<Channel, ChannelAdapter> adapters = new LinkedHashMap<>();
        private @Nullable TemplateRenderer templates;
        private @Nullable RetryPolicy retry;
        private @Nullable Clock clock;
        private @Nullable Duration poll;

        private Builder() {
        }

        private static void requireUnset(@Nullable Object value, String what) {
            if (value != null) {
                throw new IllegalStateException(what + " was already set to " + value);
            }
        }

        /** Where the brokers are ({@code bootstrap.servers}; required). */
        public Builder bootstrapServers(String servers) {
            Objects.requireNonNull(servers, "bootstrap servers");
            if (kafka.putIfAbsent("bootstrap.servers", servers) != null) {
                throw new IllegalStateException("bootstrap servers were already set");
            }
            return this;
        }

        /** Another client setting for the consumer and the producer (security, timeouts). */
        public Builder kafka(String key, String value) {
            kafka.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The dispatchers' consumer group ({@code relevans-dispatcher} by default). */
        public Builder group(String group) {
            requireUnset(this.group, "group");
            this.group = Objects.requireNonNull(group, "group");
            return this;
        }

        /** The runtime's topics ({@link Topics#defaults()} by default). */
        public Builder topics(Topics topics) {
            requireUnset(this.topics, "topics");
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** A channel adapter; one per channel. */
        public Builder channel(ChannelAdapter adapter) {
            Objects.requireNonNull(adapter, "adapter");
            if (adapters.putIfAbsent(adapter.channel(), adapter) != null) {
                throw new IllegalStateException("channel " + adapter.channel() + " already has an adapter");
            }
            return this;
        }

        /** Renders the messages (the same templates the topology was built with). */
        public Builder templates(TemplateRenderer templates) {
            requireUnset(this.templates, "templates");
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /** When to retry and when to give up ({@link RetryPolicy#DEFAULT} by default). */
        public Builder retry(RetryPolicy retry) {
            requireUnset(this.retry, "retry");
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** The clock due moments are read on (the system's UTC clock by default). */
        public Builder clock(Clock clock) {
            requireUnset(this.clock, "clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long a poll of the outbox waits: 10 ms to 1 minute, 200 ms by default. */
        public Builder poll(Duration poll) {
            requireUnset(this.poll, "poll");
            Objects.requireNonNull(poll, "poll");
            if (poll.compareTo(Duration.ofMillis(10)) < 0 || poll.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("poll must be 10 ms to 1 minute, got " + poll);
            }
            this.poll = poll;
            return this;
        }

        /** A dispatcher with these settings; its clients connect when it runs. */
        public RelevansDispatcher build() {
            if (kafka.getProperty("bootstrap.servers") == null) {
                throw new IllegalStateException("bootstrap servers are required");
            }
            group = group != null ? group : "relevans-dispatcher";
            topics = topics != null ? topics : Topics.defaults();
            templates = templates != null ? templates : SimpleTemplates.builder().build();
            retry = retry != null ? retry : RetryPolicy.DEFAULT;
            clock = clock != null ? clock : Clock.systemUTC();
            poll = poll != null ? poll : Duration.ofMillis(200);
            return new RelevansDispatcher(this);
        }
    }
}
