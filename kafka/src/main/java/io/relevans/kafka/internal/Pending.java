package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.internal.json.StoredJson;
import io.relevans.json.EventJson;
import io.relevans.spi.CustomerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A customer in the middle of a merge, as its partition keeps it until the merge ends: the event that
 * merges (applied once every other customer has handed over), the customers it still waits for, the
 * states handed over so far, the commands that arrived meanwhile (worked on after, in order), and, when a
 * customer with a smaller id turned up, the survivor it moves to.
 *
 * @param event    the event to apply once all are handed over; none while moving
 * @param awaiting the customers asked to hand over that have not answered
 * @param merged   the customers handed over or found merged already (never asked twice)
 * @param held     the states handed over so far
 * @param queue    commands for this customer that arrived meanwhile, as documents
 * @param movingTo the smaller customer this one hands everything to, once asked
 */
record Pending(Optional<Event> event, TreeSet<CustomerId> awaiting, TreeSet<CustomerId> merged,
               List<CustomerState> held, List<String> queue, Optional<CustomerId> movingTo) {

    /** Waiting for the customers to hand over before applying the event. */
    static Pending waitingFor(Event event, TreeSet<CustomerId> awaiting) {
        return new Pending(Optional.of(event), awaiting, new TreeSet<>(), new ArrayList<>(), new ArrayList<>(),
                Optional.empty());
    }

    String write() {
        ObjectNode n = StoredJson.NODES.objectNode();
        event.ifPresent(e -> n.putRawValue("event", new RawValue(EventJson.write(e))));
        n.set("awaiting", ids(awaiting));
        n.set("merged", ids(merged));
        ArrayNode states = n.putArray("held");
        held.forEach(s -> states.add(CommandJson.state(s)));
        ArrayNode commands = n.putArray("queue");
        queue.forEach(commands::add);
        movingTo.ifPresent(m -> n.put("movingTo", m.value()));
        return StoredJson.write(n);
    }

    static Pending read(String json) {
        StoredJson.Split doc = StoredJson.split(json, "event");
        JsonNode n = doc.rest();
        List<CustomerState> held = new ArrayList<>();
        StoredJson.field(n, "held").forEach(s -> held.add(CommandJson.state(s)));
        List<String> queue = new ArrayList<>();
        StoredJson.field(n, "queue").forEach(c -> queue.add(c.textValue()));
        JsonNode moving = n.get("movingTo");
        return new Pending(Optional.ofNullable(doc.kept()).map(EventJson::read),
                ids(StoredJson.field(n, "awaiting")), ids(StoredJson.field(n, "merged")), held, queue,
                moving == null ? Optional.empty() : Optional.of(CustomerId.of(moving.textValue())));
    }

    private static ArrayNode ids(TreeSet<CustomerId> ids) {
        ArrayNode a = StoredJson.NODES.arrayNode();
        ids.forEach(i -> a.add(i.value()));
        return a;
    }

    private static TreeSet<CustomerId> ids(JsonNode array) {
        TreeSet<CustomerId> out = new TreeSet<>();
        array.forEach(i -> out.add(CustomerId.of(i.textValue())));
        return out;
    }
}
