package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.FrequencyCap;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.Message;
import io.relevans.spi.Storage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The invariants of a run of the {@link SharedWorkload} that hold whatever the order in which engines
 * applied its events: no decision to contact a customer without their consent for the purpose, no cap
 * exceeded, the once-only welcome at most once per customer.
 */
final class SharedChecks {

    private static final Set<Message.Status> CONTACTING = Set.of(Message.Status.SENT, Message.Status.PENDING,
            Message.Status.RETRYING);

    private SharedChecks() {
    }

    /** Checks every message of the storage; returns how many contact a customer. */
    static int check(SharedWorkload workload, Storage storage) {
        Map<CustomerId, Integer> who = new HashMap<>();
        storage.customers().forEach(r -> number(r).ifPresent(n -> who.put(r.id(), n)));
        Map<CustomerId, List<Message>> contacting = new HashMap<>();
        storage.outbox().forEach(m -> {
            if (CONTACTING.contains(m.status())) {
                contacting.computeIfAbsent(m.customer(), k -> new ArrayList<>()).add(m);
            }
        });
        int count = 0;
        for (Map.Entry<CustomerId, List<Message>> e : contacting.entrySet()) {
            Integer n = who.get(e.getKey());
            assertTrue(n != null, "a message for " + e.getKey() + ", who has no email of the workload");
            Set<String> granted = workload.consents.get(n);
            List<Message> messages = e.getValue();
            for (Message m : messages) {
                String pair = m.channel().orElseThrow().name() + "/" + m.purpose().name();
                assertTrue(granted.contains(pair), "message " + m.id() + " of " + m.program() + " to customer " + n
                        + " without consent for " + pair);
            }
            assertTrue(messages.stream().filter(m -> m.program().equals("welcome")).count() <= 1,
                    "the once-only welcome more than once to customer " + n);
            capped(messages, SharedWorkload.OVERALL, n);
            capped(messages.stream().filter(m -> m.channel().orElseThrow().name().equals("email")).toList(),
                    SharedWorkload.EMAIL, n);
            count += messages.size();
        }
        return count;
    }

    private static void capped(List<Message> messages, FrequencyCap cap, int who) {
        for (Message m : messages) {
            Instant from = m.decidedAt();
            Instant to = from.plus(cap.period());
            List<Message> inside = messages.stream()
                    .filter(o -> !o.decidedAt().isBefore(from) && o.decidedAt().isBefore(to)).toList();
            assertTrue(inside.size() <= cap.max(), () -> inside.size() + " messages to customer " + who + " from "
                    + from + ": cap " + cap.describe() + ": " + inside.stream().map(o -> o.id() + " " + o.program()
                    + " " + o.status() + " decided " + o.decidedAt() + " " + o.channel().orElseThrow()).toList());
        }
    }

    private static java.util.Optional<Integer> number(CustomerRecord r) {
        for (Identity i : r.customer().identities()) {
            if (i.type() == IdentityType.EMAIL && i.value().startsWith("shared")) {
                return java.util.Optional.of(Integer.parseInt(i.value().substring(6, i.value().indexOf('@'))));
            }
        }
        return java.util.Optional.empty();
    }

    /** No message id twice among the deliveries. */
    static void deliveredOnce(List<String> deliveries) {
        Map<String, Integer> times = new HashMap<>();
        deliveries.forEach(id -> times.merge(id, 1, Integer::sum));
        List<String> twice = times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertEquals(List.of(), twice, "message ids handed to the channel more than once");
    }
}
