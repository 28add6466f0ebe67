package io.relevans.kafka;

import java.util.List;
import java.util.Objects;

/**
 * The topics the Kafka runtime reads and writes (kafka/README.md gives their keys, values and configs).
 * The runtime's own command topics must have as many partitions as the events topic: the identity
 * directory reads events and identity commands in the same task.
 *
 * @param events           events in, as event JSON, keyed by the identity the event names
 *                         ({@code email:anna@example.com}); an event keyed otherwise is routed to it first
 * @param identityCommands the identity directory's commands, keyed by identity (internal)
 * @param customerCommands the customers' commands, keyed by customer id: events resolved to their customer,
 *                         merges, delivery outcomes (internal; the dispatcher writes outcomes here)
 * @param outbox           messages decided and every later change of them, keyed by customer id
 * @param segmentChanges   {@code segment_entered} and {@code segment_exited} events, keyed by customer id
 * @param refused          inputs refused (malformed JSON, a time too far ahead), with the reason, keyed as read
 * @param definitions      the definitions every instance runs, one record per version
 *                         ({@link RelevansDefinitions#publish}); compacted, one partition
 */
public record Topics(String events, String identityCommands, String customerCommands, String outbox,
                     String segmentChanges, String refused, String definitions) {

    /** Never null or blank; all different. */
    public Topics {
        List<String> all = List.of(Objects.requireNonNull(events, "events"),
                Objects.requireNonNull(identityCommands, "identity commands"),
                Objects.requireNonNull(customerCommands, "customer commands"), Objects.requireNonNull(outbox, "outbox"),
                Objects.requireNonNull(segmentChanges, "segment changes"), Objects.requireNonNull(refused, "refused"),
                Objects.requireNonNull(definitions, "definitions"));
        for (String t : all) {
            if (t.isBlank() || t.length() > 249 || !t.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("a topic name is 1..249 of [A-Za-z0-9._-], got '" + t + "'");
            }
        }
        if (all.stream().distinct().count() != all.size()) {
            throw new IllegalArgumentException("the runtime's topics must all differ, got " + all);
        }
    }

    /** The topics named {@code <prefix>.events}, {@code <prefix>.identity-commands} and so on. */
    public static Topics prefixed(String prefix) {
        return new Topics(prefix + ".events", prefix + ".identity-commands", prefix + ".customer-commands",
                prefix + ".outbox", prefix + ".segment-changes", prefix + ".refused", prefix + ".definitions");
    }

    /** {@code prefixed("relevans")}. */
    public static Topics defaults() {
        return prefixed("relevans");
    }

    /** Every topic, in the order of the components. */
    public List<String> all() {
        return List.of(events, identityCommands, customerCommands, outbox, segmentChanges, refused, definitions);
    }
}
