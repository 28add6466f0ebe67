package io.relevans.console.internal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.BatchOutcome;
import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.console.Role;
import io.relevans.console.internal.desk.ActionOutcome;
import io.relevans.console.internal.desk.Aggregates;
import io.relevans.console.internal.desk.CustomerDesk;
import io.relevans.console.internal.desk.CustomerReport;
import io.relevans.console.internal.desk.DefinitionsDesk;
import io.relevans.console.internal.desk.Figures;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.HttpError;
import io.relevans.console.internal.http.Route;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.customer.Value;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.Origin;
import io.relevans.json.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON REST API under {@code /api/}, as {@code openapi.json} describes it. Requests that change something
 * are POSTs with an {@code application/json} body (a browser sends no such request across sites without
 * asking, so the API needs no form token); errors are {@code {"status", "error", "field"}} documents.
 */
public final class Api {

    /** The most events one batch may hold. */
    public static final int MAX_BATCH = 1_000;
    /** The most field errors a refused batch lists. */
    public static final int MAX_ERRORS = 100;

    private static final Set<Role> STAFF = Set.of(Role.STAFF);
    private static final Set<Role> MARKETER = Set.of(Role.MARKETER);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    private final Relevans engine;
    private final CustomerDesk customers;
    private final Aggregates aggregates;
    private final DefinitionsDesk definitions;

    /** The API over the desks. */
    public Api(Relevans engine, CustomerDesk customers, Aggregates aggregates, DefinitionsDesk definitions) {
        this.engine = engine;
        this.customers = customers;
        this.aggregates = aggregates;
        this.definitions = definitions;
    }

    /** The API's routes. */
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/api/openapi.json", Set.of(), true, this::openApi),
                new Route("POST", "/api/events", ADMIN, true, this::ingest),
                new Route("POST", "/api/events/batch", ADMIN, true, this::ingestBatch),
                new Route("POST", "/api/customers/lookup", STAFF, true, this::lookup),
                new Route("GET", "/api/customers/{id}", STAFF, true, x -> {
                    CustomerReport r = report(x);
                    x.json(200, JsonViews.customer(r, memberOf(r)));
                }),
                new Route("GET", "/api/customers/{id}/timeline", STAFF, true,
                        x -> x.json(200, JsonViews.timeline(report(x)))),
                new Route("GET", "/api/customers/{id}/segments", STAFF, true,
                        x -> x.json(200, JsonViews.segments(report(x)))),
                new Route("GET", "/api/customers/{id}/messages", STAFF, true,
                        x -> x.json(200, JsonViews.messages(report(x)))),
                new Route("GET", "/api/customers/{id}/offers", STAFF, true,
                        x -> x.json(200, JsonViews.offers(report(x)))),
                new Route("POST", "/api/customers/{id}/corrections", STAFF, true, this::correct),
                new Route("POST", "/api/customers/{id}/notes", STAFF, true, this::note),
                new Route("POST", "/api/customers/{id}/complaints", STAFF, true, this::complaint),
                new Route("POST", "/api/customers/{id}/surveys", STAFF, true, this::survey),
                new Route("GET", "/api/programs", MARKETER, true, x -> x.json(200, JsonViews.programs(figures()))),
                new Route("GET", "/api/programs/{name}", MARKETER, true, this::program),
                new Route("GET", "/api/suppressions", MARKETER, true,
                        x -> x.json(200, JsonViews.suppressions(figures()))),
                new Route("GET", "/api/segments", MARKETER, true, x -> x.json(200, JsonViews.segmentSizes(figures()))),
                new Route("GET", "/api/channel-use", MARKETER, true, x -> x.json(200, JsonViews.channelUse(figures()))),
                new Route("GET", "/api/definitions", MARKETER, true, this::definitions),
                new Route("POST", "/api/definitions/check", MARKETER, true, this::check),
                new Route("POST", "/api/definitions/reload", ADMIN, true, this::reload));
    }

    private Figures figures() {
        return aggregates.current();
    }

    private void openApi(Exchange x) {
        try (InputStream in = Api.class.getResourceAsStream("/io/relevans/console/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the console's jar");
            }
            x.response().setContentType("application/json;charset=utf-8");
            x.response().setStatus(200);
            in.transferTo(x.response().getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void ingest(Exchange x) {
        Event event = event(x.json(), "");
        IngestResult r;
        try {
            r = engine.ingest(event);
        } catch (EventFormatException e) {
            throw HttpError.bad(e.field(), e.problem());
        } catch (IllegalArgumentException e) {
            throw HttpError.bad(null, String.valueOf(e.getMessage()));
        }
        x.json(200, JsonViews.ingest(r));
    }

    private void ingestBatch(Exchange x) {
        JsonNode body = x.json();
        JsonNode array = body.isArray() ? body : body.get("events");
        String prefix = body.isArray() ? "" : "events";
        if (array == null || !array.isArray()) {
            throw HttpError.bad("events", "send {\"events\": [...]} or an array of events");
        }
        if (array.size() > MAX_BATCH) {
            throw new HttpError(413, prefix, "a batch holds at most " + MAX_BATCH + " events, got " + array.size());
        }
        List<Event> events = new ArrayList<>();
        ArrayNode errors = JsonViews.object().arrayNode();
        for (int i = 0; i < array.size(); i++) {
            try {
                events.add(event(array.get(i), prefix + "[" + i + "]"));
            } catch (HttpError e) {
                if (errors.size() < MAX_ERRORS) {
                    ObjectNode n = errors.addObject();
                    n.put("index", i);
                    e.field().ifPresent(f -> n.put("field", f));
                    n.put("error", e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            JsonNode first = errors.get(0);
            ObjectNode o = JsonViews.error(400, first.path("field").asText(null), errors.size()
                    + " event(s) of the batch are invalid; nothing was applied. First: " + first.get("error").asText());
            o.set("errors", errors);
            x.json(400, o);
            return;
        }
        List<BatchOutcome> outcomes = engine.ingestAll(events);
        ObjectNode o = JsonViews.object();
        ArrayNode results = o.putArray("results");
        int applied = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            BatchOutcome b = outcomes.get(i);
            ObjectNode n = results.addObject();
            n.put("index", i);
            n.put("applied", b.applied());
            if (b.applied()) {
                applied++;
                n.setAll(JsonViews.ingest(b.result().get()));
            } else {
                RuntimeException e = b.refusal().get();
                if (e instanceof EventFormatException f) {
                    n.put("field", prefix + "[" + i + "]." + f.field());
                    n.put("error", f.problem());
                } else {
                    n.put("error", e.getMessage());
                }
            }
        }
        o.put("applied", applied);
        o.put("refused", outcomes.size() - applied);
        x.json(200, o);
    }

    /** An event from JSON, its errors naming the field under the prefix ({@code events[3].time}). */
    private static Event event(JsonNode node, String prefix) {
        String text;
        try {
            text = Exchange.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        try {
            return EventJson.read(text);
        } catch (EventFormatException e) {
            String field = prefix.isEmpty() ? e.field() : e.field().isEmpty() ? prefix : prefix + "." + e.field();
            throw HttpError.bad(field.isEmpty() ? null : field, field.isEmpty() ? "invalid event: " + e.problem()
                    : "invalid event field '" + field + "': " + e.problem());
        }
    }

    private void lookup(Exchange x) {
        JsonNode body = x.json();
        JsonNode identity = body.get("identity");
        if (identity == null || !identity.isObject() || identity.size() != 1) {
            throw HttpError.bad("identity", "send {\"identity\": {\"loyalty_number\": \"...\"}} with one identity");
        }
        Iterator<Map.Entry<String, JsonNode>> it = identity.fields();
        Map.Entry<String, JsonNode> e = it.next();
        IdentityType type = IdentityType.fromJsonName(e.getKey()).orElseThrow(() -> HttpError.bad("identity",
                "unknown identity type '" + e.getKey() + "'; use one of email, phone, postal_address, login, cookie, "
                        + "loyalty_number, pos_customer_number"));
        if (!e.getValue().isTextual()) {
            throw HttpError.bad("identity." + type.jsonName(), "must be a string");
        }
        Identity who;
        try {
            who = new Identity(type, e.getValue().asText());
        } catch (IllegalArgumentException ex) {
            throw HttpError.bad("identity." + type.jsonName(), String.valueOf(ex.getMessage()));
        }
        CustomerId id = customers.find(who).orElseThrow(() -> HttpError.notFound("no customer has the "
                + type.jsonName() + " identity"));
        CustomerReport r = customers.report(id);
        x.json(200, JsonViews.customer(r, memberOf(r)));
    }

    private CustomerReport report(Exchange x) {
        return customers.report(id(x));
    }

    private static CustomerId id(Exchange x) {
        try {
            return CustomerId.of(x.path("id"));
        } catch (IllegalArgumentException e) {
            throw HttpError.bad("id", String.valueOf(e.getMessage()));
        }
    }

    private static List<String> memberOf(CustomerReport r) {
        return r.segments().stream().filter(CustomerReport.SegmentRow::member).map(CustomerReport.SegmentRow::name)
                .toList();
    }

    private void correct(Exchange x) {
        JsonNode body = x.json();
        String attribute = text(body, "attribute", true);
        JsonNode v = body.get("value");
        if (v == null || v.isNull()) {
            throw HttpError.bad("value", "is required: a string, number, boolean or {\"date\": \"1990-05-01\"}");
        }
        ActionOutcome out = customers.correct(id(x), attribute, value(v), origin(body), x.userName());
        x.json(200, JsonViews.action(out));
    }

    private void note(Exchange x) {
        JsonNode body = x.json();
        x.json(200, JsonViews.action(customers.note(id(x), text(body, "text", true), origin(body), x.userName())));
    }

    private void complaint(Exchange x) {
        JsonNode body = x.json();
        x.json(200, JsonViews.action(customers.complaint(id(x), text(body, "reason", true), text(body, "sku", false),
                origin(body), x.userName())));
    }

    private void survey(Exchange x) {
        JsonNode body = x.json();
        x.json(200, JsonViews.action(customers.survey(id(x), text(body, "topic", false), x.userName())));
    }

    private void program(Exchange x) {
        Figures.ProgramFigures p = figures().program(x.path("name")).orElseThrow(() -> HttpError.notFound(
                "no program has the name"));
        x.json(200, JsonViews.program(p));
    }

    private void definitions(Exchange x) {
        ObjectNode o = JsonViews.check(definitions.loaded());
        o.remove("changes");
        o.put("text", definitions.text());
        o.put("segments", engine.definitions().segments().size());
        o.put("programs", engine.definitions().programs().size());
        x.json(200, o);
    }

    private void check(Exchange x) {
        JsonNode body = x.json();
        String text = text(body, "text", true, DefinitionsDesk.MAX_TEXT);
        boolean backtest = body.path("backtest").asBoolean(false);
        x.json(200, JsonViews.check(definitions.check(text, backtest)));
    }

    private void reload(Exchange x) {
        JsonNode body = x.json();
        DefinitionsDesk.Reloaded r = definitions.reload(text(body, "text", true, DefinitionsDesk.MAX_TEXT),
                x.userName());
        ObjectNode o = JsonViews.object();
        o.put("loaded", r.loaded());
        o.set("check", JsonViews.check(r.check()));
        r.report().ifPresent(rep -> o.set("report", JsonViews.reload(rep)));
        x.json(r.loaded() ? 200 : 422, o);
    }

    private static String text(JsonNode body, String field, boolean required) {
        return text(body, field, required, CustomerDesk.MAX_TEXT);
    }

    private static String text(JsonNode body, String field, boolean required, int limit) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw HttpError.bad(field, "is required");
            }
            return "";
        }
        if (!n.isTextual()) {
            throw HttpError.bad(field, "must be a string, got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (n.asText().length() > limit) {
            throw HttpError.bad(field, "has " + n.asText().length() + " characters, more than the limit of " + limit);
        }
        if (required && n.asText().isBlank()) {
            throw HttpError.bad(field, "must not be blank");
        }
        return n.asText();
    }

    private static Origin origin(JsonNode body) {
        JsonNode n = body.get("origin");
        if (n == null || n.isNull()) {
            return Origin.STORE;
        }
        Origin o = Origin.fromJsonName(n.asText()).orElse(null);
        if (o != Origin.STORE && o != Origin.SERVICE) {
            throw HttpError.bad("origin", "must be 'store' or 'service', got '" + n.asText() + "'");
        }
        return o;
    }

    private static Value value(JsonNode v) {
        if (v.isTextual()) {
            if (v.asText().length() > CustomerDesk.MAX_TEXT) {
                throw HttpError.bad("value", "has more than " + CustomerDesk.MAX_TEXT + " characters, the limit");
            }
            return Value.of(v.asText());
        }
        if (v.isNumber()) {
            return Value.of(v.asDouble());
        }
        if (v.isBoolean()) {
            return Value.of(v.asBoolean());
        }
        if (v.isObject() && v.size() == 1 && v.get("date") != null && v.get("date").isTextual()) {
            try {
                return Value.of(LocalDate.parse(v.get("date").asText()));
            } catch (DateTimeParseException e) {
                throw HttpError.bad("value.date", "'" + v.get("date").asText() + "' is not a date like 1990-05-01");
            }
        }
        throw HttpError.bad("value", "must be a string, number, boolean or {\"date\": \"1990-05-01\"}");
    }
}
