package io.relevans.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.internal.json.StoredJson;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;

/**
 * Time passing, for a runtime on {@link TimeSource#STREAM_TIME} (replays, backtests on a cluster, tests):
 * a tick says that no event before its moment will follow on a partition of the events topic. Write one to
 * every partition, after the events before it ({@link #send}); once every partition has passed a moment,
 * the customers' partitions fire the timers due by then. A customer's own timers also fire before any
 * later event of theirs is applied. On the wall clock no ticks are needed.
 */
public final class RelevansTicks {

    /** The key a tick record carries on the events topic. */
    public static final String KEY = "relevans.tick";

    private RelevansTicks() {
    }

    /** Writes a tick at the moment to every partition of the events topic. */
    public static void send(Producer<String, String> producer, Topics topics, Instant at) {
        Objects.requireNonNull(at, "at");
        int partitions = producer.partitionsFor(topics.events()).size();
        for (PartitionInfo p : producer.partitionsFor(topics.events())) {
            producer.send(new ProducerRecord<>(topics.events(), p.partition(), at.toEpochMilli(), KEY,
                    write(at, partitions)));
        }
    }

    /**
     * The value of a tick record, {@code {"tick": "<instant>", "partitions": n}}: for an application that writes
     * ticks through a client of its own rather than {@link #send}, keyed {@link #KEY}, to every partition.
     *
     * @param partitions how many partitions the events topic has
     */
    public static String write(Instant at, int partitions) {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("tick", at.toString());
        n.put("partitions", partitions);
        return StoredJson.write(n);
    }

    /**
     * The moment and partition count of a tick's value.
     *
     * @throws IllegalArgumentException when it is not a tick: names what is wrong
     */
    public static Tick read(String value) {
        JsonNode n = StoredJson.read(value == null ? "null" : value);
        if (!n.isObject()) {
            throw new IllegalArgumentException("a tick is {\"tick\": \"<instant>\", \"partitions\": n}");
        }
        Instant at = StoredJson.instant(n, "tick");
        int partitions = StoredJson.field(n, "partitions").asInt();
        if (partitions < 1 || partitions > 100_000) {
            throw new IllegalArgumentException("a tick's partitions must be 1..100000, got " + partitions);
        }
        return new Tick(at, partitions);
    }

    /**
     * A tick as read.
     *
     * @param at         the moment passed
     * @param partitions how many partitions the events topic has
     */
    public record Tick(Instant at, int partitions) {
    }
}
