package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.internal.json.StoredJson;
import io.relevans.json.EventJson;
import io.relevans.spi.CustomerState;
import io.relevans.spi.Message;
import io.relevans.spi.StoredCustomer;
import io.relevans.spi.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Commands as the JSON documents the command topics carry, and identities as the text keys the
 * directory is partitioned by ({@code email:anna@example.com}).
 */
public final class CommandJson {

    private CommandJson() {
    }

    /** The key an identity's records carry: its JSON type name, a colon, its value. */
    public static String key(Identity identity) {
        return identity.type().jsonName() + ":" + identity.value();
    }

    /** The identity a {@link #key(Identity) key} names. */
    public static Identity identity(String key) {
        int colon = key.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("an identity key is <type>:<value>, got a key without a type");
        }
        String type = key.substring(0, colon);
        IdentityType t = IdentityType.fromJsonName(type).orElseThrow(() -> new IllegalArgumentException(
                "unknown identity type '" + type + "' in a key"));
        return new Identity(t, key.substring(colon + 1));
    }

    /** The command as one document. */
    public static String write(Command command) {
        ObjectNode n = StoredJson.NODES.objectNode();
        if (command instanceof Command.Resolve r) {
            n.put("type", "resolve");
            n.putRawValue("event", new RawValue(EventJson.write(r.event()))); // as written, not read again
            ArrayNode walk = n.putArray("walk");
            r.walk().forEach(i -> walk.add(key(i)));
            ArrayNode found = n.putArray("found");
            r.found().forEach(f -> found.add(f.map(CustomerId::value).orElse(null)));
        } else if (command instanceof Command.Assign a) {
            n.put("type", "assign");
            n.put("identity", key(a.identity()));
            n.put("customer", a.customer().value());
            a.seen().ifPresent(seen -> n.put("seen", seen.value()));
        } else if (command instanceof Command.Walked w) {
            n.put("type", "walked");
            n.put("entry", key(w.entry()));
        } else if (command instanceof Command.Apply a) {
            n.put("type", "apply");
            n.putRawValue("event", new RawValue(EventJson.write(a.event())));
            ArrayNode absorb = n.putArray("absorb");
            a.absorb().forEach(c -> absorb.add(c.value()));
            if (a.asked()) {
                n.put("asked", true);
            }
        } else if (command instanceof Command.Handover h) {
            n.put("type", "handover");
            n.put("to", h.to().value());
        } else if (command instanceof Command.Absorbed a) {
            n.put("type", "absorbed");
            n.put("from", a.from().value());
            a.forwardedTo().ifPresent(f -> n.put("forwardedTo", f.value()));
            ArrayNode states = n.putArray("states");
            a.states().forEach(st -> states.add(state(st)));
        } else if (command instanceof Command.Tick t) {
            n.put("type", "tick");
            n.put("at", t.at().toString());
            n.put("source", t.source());
            n.put("sources", t.sources());
        } else if (command instanceof Command.Start st) {
            n.put("type", "start");
            n.put("program", st.program());
            n.put("moment", st.moment().toString());
            n.put("at", st.at().toString());
        } else if (command instanceof Command.Outcome o) {
            n.put("type", "outcome");
            n.set("message", StoredJson.messageDocument(o.attempt()));
        }
        return StoredJson.write(n);
    }

    /**
     * The command a document holds.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Command read(String json) {
        StoredJson.Split d = StoredJson.split(json, "event"); // the event's text read once, by EventJson
        ObjectNode n = d.rest();
        String type = StoredJson.text(n, "type");
        return switch (type) {
            case "resolve" -> {
                List<Identity> walk = new ArrayList<>();
                StoredJson.field(n, "walk").forEach(i -> walk.add(identity(i.textValue())));
                List<Optional<CustomerId>> found = new ArrayList<>();
                StoredJson.field(n, "found").forEach(f -> found.add(f.isNull() ? Optional.empty()
                        : Optional.of(CustomerId.of(f.textValue()))));
                yield new Command.Resolve(EventJson.read(d.kept("event")), walk, found);
            }
            case "assign" -> new Command.Assign(identity(StoredJson.text(n, "identity")),
                    CustomerId.of(StoredJson.text(n, "customer")), optionalId(n, "seen"));
            case "walked" -> new Command.Walked(identity(StoredJson.text(n, "entry")));
            case "apply" -> {
                TreeSet<CustomerId> absorb = new TreeSet<>();
                StoredJson.field(n, "absorb").forEach(c -> absorb.add(CustomerId.of(c.textValue())));
                JsonNode asked = n.get("asked");
                yield new Command.Apply(EventJson.read(d.kept("event")), absorb, asked != null && asked.booleanValue());
            }
            case "handover" -> new Command.Handover(CustomerId.of(StoredJson.text(n, "to")));
            case "absorbed" -> {
                List<CustomerState> states = new ArrayList<>();
                StoredJson.field(n, "states").forEach(s -> states.add(state(s)));
                yield new Command.Absorbed(CustomerId.of(StoredJson.text(n, "from")), states,
                        optionalId(n, "forwardedTo"));
            }
            case "tick" -> new Command.Tick(StoredJson.instant(n, "at"), StoredJson.field(n, "source").intValue(),
                    StoredJson.field(n, "sources").intValue());
            case "start" -> new Command.Start(StoredJson.text(n, "program"), StoredJson.instant(n, "moment"),
                    StoredJson.instant(n, "at"));
            case "outcome" -> new Command.Outcome(StoredJson.message(StoredJson.field(n, "message")));
            default -> throw new IllegalArgumentException("unknown command type '" + type + "'");
        };
    }

    private static Optional<CustomerId> optionalId(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(CustomerId.of(v.textValue()));
    }

    static ObjectNode state(CustomerState s) {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.set("record", StoredJson.recordDocument(s.stored().record()));
        n.put("version", s.stored().version());
        ArrayNode timers = n.putArray("timers");
        s.timers().forEach(t -> timers.add(StoredJson.timerDocument(t)));
        ArrayNode messages = n.putArray("messages");
        s.messages().forEach(m -> messages.add(StoredJson.messageDocument(m)));
        return n;
    }

    static CustomerState state(JsonNode n) {
        List<Timer> timers = new ArrayList<>();
        StoredJson.field(n, "timers").forEach(t -> timers.add(StoredJson.timer(t)));
        List<Message> messages = new ArrayList<>();
        StoredJson.field(n, "messages").forEach(m -> messages.add(StoredJson.message(m)));
        return new CustomerState(new StoredCustomer(StoredJson.record(StoredJson.field(n, "record")),
                StoredJson.field(n, "version").longValue()), timers, messages);
    }
}
