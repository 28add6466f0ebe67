package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /**
     * What broke the rules in a run, each as a description: messages to customers of no workload email,
     * contacts without consent for the channel and purpose, the once-only welcome more than once, caps
     * exceeded; and how many messages contact a customer.
     */
    record Violations(List<String> orphans, List<String> withoutConsent, List<String> onceOnly, List<String> caps,
                      int contacting) {
        /** Fails with every violation unless there are none. */
        void assertNone() {
            assertEquals(List.of(), orphans, "messages for customers with no email of the workload");
            assertEquals(List.of(), withoutConsent, "contacts without consent");
            assertEquals(List.of(), onceOnly, "the once-only welcome more than once");
            assertEquals(List.of(), caps, "caps exceeded");
        }
    }

    /** Checks every message of the storage and fails at the first violation; returns how many contact a customer. */
    static int check(SharedWorkload workload, Storage storage) {
        Violations v = violations(workload, storage);
        v.assertNone();
        return v.contacting();
    }

    /** Every violation in the storage. */
    static Violations violations(SharedWorkload workload, Storage storage) {
        Map<CustomerId, Integer> who = new HashMap<>();
        storage.customers().forEach(r -> number(r).ifPresent(n -> who.put(r.id(), n)));
        Map<CustomerId, List<Message>> contacting = new HashMap<>();
        storage.outbox().forEach(m -> {
            if (CONTACTING.contains(m.status())) {
                contacting.computeIfAbsent(m.customer(), k -> new ArrayList<>()).add(m);
            }
        });
        List<String> orphans = new ArrayList<>();
        List<String> withoutConsent = new ArrayList<>();
        List<String> onceOnly = new ArrayList<>();
        List<String> caps = new ArrayList<>();
        int count = 0;
        for (Map.Entry<CustomerId, List<Message>> e : contacting.entrySet()) {
            Integer n = who.get(e.getKey());
            List<Message> messages = e.getValue();
            count += messages.size();
            if (n == null) {
                messages.forEach(m -> orphans.add(m.id() + " for " + e.getKey()));
                continue;
            }
            Set<String> granted = workload.consents.get(n);
            for (Message m : messages) {
                String pair = m.channel().orElseThrow().name() + "/" + m.purpose().name();
                if (!granted.contains(pair)) {
                    withoutConsent.add(m.id() + " of " + m.program() + " to customer " + n + " without " + pair);
                }
            }
            if (messages.stream().filter(m -> m.program().equals("welcome")).count() > 1) {
                onceOnly.add("customer " + n);
            }
            capped(messages, SharedWorkload.OVERALL, n, caps);
            capped(messages.stream().filter(m -> m.channel().orElseThrow().name().equals("email")).toList(),
                    SharedWorkload.EMAIL, n, caps);
        }
        return new Violations(orphans, withoutConsent, onceOnly, caps, count);
    }

    private static void capped(List<Message> messages, FrequencyCap cap, int who, List<String> caps) {
        for (Message m : messages) {
            Instant from = m.decidedAt();
            Instant to = from.plus(cap.period());
            List<Message> inside = messages.stream()
                    .filter(o -> !o.decidedAt().isBefore(from) && o.decidedAt().isBefore(to)).toList();
            if (inside.size() > cap.max()) {
                caps.add(inside.size() + " messages to customer " + who + " from " + from + ": cap " + cap.describe()
                        + ": " + inside.stream().map(o -> o.id() + " " + o.program() + " " + o.status() + " decided "
                        + o.decidedAt()).toList());
                return;
            }
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
