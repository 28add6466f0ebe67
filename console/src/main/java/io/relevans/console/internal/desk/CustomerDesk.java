package io.relevans.console.internal.desk;

import io.relevans.CustomerView;
import io.relevans.Explanation;
import io.relevans.IngestResult;
import io.relevans.Offer;
import io.relevans.Relevans;
import io.relevans.console.internal.http.HttpError;
import io.relevans.customer.Attribute;
import io.relevans.customer.Category;
import io.relevans.customer.Consent;
import io.relevans.customer.Customer;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.customer.Interest;
import io.relevans.customer.Value;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.Condition;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.definition.Trigger;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import io.relevans.event.Line;
import io.relevans.event.Origin;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staff's desk (S12, S14, S20, S22): finds a customer by any identity, builds their picture, and records
 * what staff learn in a meeting (corrections, notes, complaints) and survey requests as events for the engine,
 * whose guards then decide what is sent. Logs who did what to which customer id, never identities or values.
 */
public final class CustomerDesk {

    /** The most timeline entries shown, newest first. */
    public static final int MAX_TIMELINE = 300;
    /** How far back the timeline reads the event archive. */
    public static final Duration TIMELINE_SPAN = Duration.ofDays(400);
    /** The longest note, complaint reason or survey topic. */
    public static final int MAX_TEXT = 2_000;
    /** The event type of a staff note. */
    public static final String NOTE = "note";

    private static final Logger LOG = LoggerFactory.getLogger(CustomerDesk.class);
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(\\.\\d{1,6})?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<EventType> HIDDEN = Set.of(EventType.MESSAGE_DELIVERED, EventType.MESSAGE_OPENED,
            EventType.MESSAGE_CLICKED, EventType.MESSAGE_BOUNCED, EventType.SEGMENT_ENTERED, EventType.SEGMENT_EXITED,
            EventType.of("program_schedule"));

    private final Settings settings;
    private final Relevans engine;

    /** A desk on the console's engine. */
    public CustomerDesk(Settings settings) {
        this.settings = settings;
        this.engine = settings.engine();
    }

    /** The customer who has the identity, if any. */
    public Optional<CustomerId> find(Identity identity) {
        return engine.customer(identity).map(v -> v.customer().id());
    }

    /**
     * The customer's picture now.
     *
     * @throws HttpError 404 when no customer has the id
     */
    public CustomerReport report(CustomerId id) {
        CustomerView view = engine.customer(id).orElseThrow(() -> HttpError.notFound("no customer has the id"));
        Customer c = view.customer();
        Instant now = view.at();
        Definitions definitions = engine.definitions();
        AttributeNames names = AttributeNames.of(definitions);

        List<CustomerReport.AttributeRow> attributes = new ArrayList<>();
        for (Attribute a : c.attributes().values()) {
            Duration limit = names.maxAges().getOrDefault(a.name(), settings.staleAfter());
            Duration age = a.age(now);
            attributes.add(new CustomerReport.AttributeRow(a.name(), a.value().asText(), a.value().kind(),
                    lower(a.source().name()), a.time(), Math.max(0, age.toDays()), age.compareTo(limit) > 0,
                    limit.toDays()));
        }
        List<CustomerReport.ConsentRow> consents = new ArrayList<>();
        for (Consent k : c.consents().values()) {
            consents.add(new CustomerReport.ConsentRow(k.channel().name(), k.purpose().name(), k.granted(), k.time(),
                    lower(k.source().name())));
        }
        List<CustomerReport.SegmentRow> segments = new ArrayList<>();
        for (Segment s : definitions.segments()) {
            Explanation why = engine.explain(id, s.name());
            segments.add(new CustomerReport.SegmentRow(s.name(), s.description(), why));
        }
        segments.sort(Comparator.comparing((CustomerReport.SegmentRow r) -> !r.member())
                .thenComparing(CustomerReport.SegmentRow::name));

        List<Offer> offers = engine.nextBestOffers(id);
        List<CustomerReport.OfferRow> offerRows = new ArrayList<>();
        Set<String> offered = new HashSet<>();
        for (Offer o : offers) {
            offered.add(o.program());
            Program p = program(definitions, o.program());
            offerRows.add(new CustomerReport.OfferRow(o.program(), o.description(), o.categories(), o.priority(),
                    o.priceOffer(), why(p, c, definitions)));
        }
        List<CustomerReport.NotOffered> notOffered = new ArrayList<>();
        for (Program p : definitions.programs()) {
            if (!p.promotes().isEmpty() && !offered.contains(p.name())) {
                notOffered.add(new CustomerReport.NotOffered(p.name(), holdBacks(p, c, definitions)));
            }
        }
        List<CustomerReport.WaitingRow> waiting = new ArrayList<>();
        engine.waiting(id).forEach(t -> waiting.add(waitingRow(t)));
        List<Message> messages = new ArrayList<>(engine.messages(id));
        messages.sort(Comparator.comparing(Message::decidedAt).reversed());

        List<TimelineEntry> timeline = new ArrayList<>();
        Optional<String> note = Optional.empty();
        if (settings.archive().isPresent()) {
            settings.archive().get().forEachOf(c.identities(), now.minus(TIMELINE_SPAN), e -> {
                if (!HIDDEN.contains(e.type())) {
                    timeline.add(new TimelineEntry(e.time(), e.type().name(), lower(e.origin().jsonName()),
                            describe(e), Optional.empty(), Optional.empty()));
                }
            });
        } else {
            note = Optional.of("no event archive is configured: the timeline shows the messages only");
        }
        for (Message m : messages) {
            timeline.add(new TimelineEntry(m.decidedAt(), "message", m.channel().map(ch -> ch.name()).orElse("-"),
                    m.program() + " / " + m.step() + ": " + m.template(), Optional.of(outcome(m)),
                    m.suppression().map(s -> lower(s.guard().name()))));
        }
        timeline.sort(Comparator.comparing(TimelineEntry::at).reversed());
        if (timeline.size() > MAX_TIMELINE) {
            note = Optional.of("the newest " + MAX_TIMELINE + " of " + timeline.size() + " entries are shown");
            timeline.subList(MAX_TIMELINE, timeline.size()).clear();
        }
        return new CustomerReport(c, now, attributes, consents, segments, offerRows, notOffered, waiting, messages,
                timeline, note);
    }

    /**
     * Corrects an attribute from a meeting with the customer (S22): stored with source {@code staff} and the
     * time, as an {@code attribute_corrected} event from the store or customer service.
     *
     * @throws HttpError 400 naming the field when the attribute name or value is invalid, 404 for an unknown id
     */
    public ActionOutcome correct(CustomerId id, String attribute, Value value, Origin origin, String user) {
        try {
            Attribute.checkName(attribute);
        } catch (IllegalArgumentException e) {
            throw HttpError.bad("attribute", String.valueOf(e.getMessage()));
        }
        ActionOutcome out = record(id, "corrected " + attribute, origin, user, b -> b
                .property("attribute", attribute).property("value", value), EventType.ATTRIBUTE_CORRECTED);
        LOG.info("{} corrected attribute {} of customer {}", user, attribute, id);
        return out;
    }

    /**
     * Records a note on the customer's timeline.
     *
     * @throws HttpError 400 when the text is empty or too long, 404 for an unknown id
     */
    public ActionOutcome note(CustomerId id, String text, Origin origin, String user) {
        String t = text(text, "text", true);
        ActionOutcome out = record(id, "note recorded", origin, user, b -> b.property("text", t),
                EventType.of(NOTE));
        LOG.info("{} recorded a note for customer {}", user, id);
        return out;
    }

    /**
     * Records a complaint (S23, S24): programs that start on complaints (care, not a sales push) start at once.
     *
     * @throws HttpError 400 when the reason is too long, 404 for an unknown id
     */
    public ActionOutcome complaint(CustomerId id, String reason, String sku, Origin origin, String user) {
        String r = text(reason, "reason", true);
        String s = text(sku, "sku", false);
        ActionOutcome out = record(id, "complaint recorded", origin, user, b -> {
            b.property("reason", r);
            if (!s.isEmpty()) {
                b.property("sku", s);
            }
        }, EventType.COMPLAINT);
        LOG.info("{} recorded a complaint for customer {}", user, id);
        return out;
    }

    /**
     * Asks for the 1-5 satisfaction survey (S12): records the survey event, and the programs that start on it
     * decide the message through every guard (consent, caps, quiet hours...).
     *
     * @throws HttpError 409 when no loaded program starts on the survey event, 404 for an unknown id
     */
    public ActionOutcome survey(CustomerId id, String topic, String user) {
        if (surveyPrograms().isEmpty()) {
            throw new HttpError(409, null, "no loaded program starts on '" + settings.surveyEvent()
                    + "' events: add one that asks the satisfaction survey");
        }
        String t = text(topic, "topic", false);
        ActionOutcome out = record(id, "satisfaction survey requested", Origin.SERVICE, user, b -> {
            b.property("survey", "satisfaction");
            if (!t.isEmpty()) {
                b.property("topic", t);
            }
        }, EventType.of(settings.surveyEvent()));
        LOG.info("{} requested the satisfaction survey for customer {}", user, id);
        return out;
    }

    /** The loaded programs that start on the survey event. */
    public List<String> surveyPrograms() {
        List<String> out = new ArrayList<>();
        for (Program p : engine.definitions().programs()) {
            if (p.trigger() instanceof Trigger.OnEvent on && on.match().type().name().equals(settings.surveyEvent())) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** Attribute names for the correction form: those the definitions test and those the customer has. */
    public List<String> attributeNames(Customer c) {
        Set<String> all = new java.util.TreeSet<>(AttributeNames.of(engine.definitions()).names());
        all.addAll(c.attributes().keySet());
        return List.copyOf(all);
    }

    /**
     * A value typed into a form: {@code true} and {@code false} are yes/no, a number is a number, a date like
     * {@code 1990-05-01} a date, anything else text.
     *
     * @throws HttpError 400 naming the field for a date that does not exist
     */
    public static Value parseValue(String text, String field) {
        String t = text.strip();
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Value.of(Boolean.parseBoolean(t.toLowerCase(Locale.ROOT)));
        }
        if (NUMBER.matcher(t).matches()) {
            return Value.of(Double.parseDouble(t));
        }
        if (DATE.matcher(t).matches()) {
            try {
                return Value.of(LocalDate.parse(t));
            } catch (DateTimeParseException e) {
                throw HttpError.bad(field, "'" + t + "' is not a date");
            }
        }
        return Value.of(t);
    }

    /** What a staff action adds to the event. */
    @FunctionalInterface
    private interface Content {
        void add(Event.Builder builder);
    }

    private ActionOutcome record(CustomerId id, String what, Origin origin, String user, Content content,
                                 EventType type) {
        Customer c = engine.customer(id).orElseThrow(() -> HttpError.notFound("no customer has the id")).customer();
        List<Offer> before = engine.nextBestOffers(id);
        Set<String> known = new HashSet<>();
        engine.messages(id).forEach(m -> known.add(m.id()));
        Set<CustomerReport.WaitingRow> timers = new HashSet<>();
        engine.waiting(id).forEach(t -> timers.add(waitingRow(t)));
        Identity who = c.identities().first();
        Event event;
        try {
            Event.Builder b = Event.builder(type, who, settings.clock().instant()).id("console-" + UUID.randomUUID())
                    .origin(origin).property("recorded_by", user);
            content.add(b);
            event = b.build();
        } catch (EventFormatException e) {
            throw HttpError.bad(field(e.field()), e.problem());
        } catch (IllegalArgumentException e) {
            throw HttpError.bad(null, String.valueOf(e.getMessage()));
        }
        IngestResult result;
        try {
            result = engine.ingest(event);
        } catch (EventFormatException e) {
            throw HttpError.bad(field(e.field()), e.problem());
        } catch (NoSuchElementException e) {
            throw HttpError.notFound("no customer has the id");
        }
        List<Offer> after = engine.nextBestOffers(result.customer());
        List<Message> decided = engine.messages(result.customer()).stream().filter(m -> !known.contains(m.id()))
                .toList();
        List<CustomerReport.WaitingRow> waiting = engine.waiting(result.customer()).stream()
                .map(CustomerDesk::waitingRow).filter(w -> !timers.contains(w)).toList();
        return new ActionOutcome(what, event, result, before, after, decided, waiting);
    }

    private static CustomerReport.WaitingRow waitingRow(Timer t) {
        return new CustomerReport.WaitingRow(t.program(), lower(t.kind().name()), t.step(), t.due());
    }

    /** An event field as the form calls it: {@code properties.value} is the value field. */
    private static String field(String eventField) {
        return eventField.startsWith("properties.") ? eventField.substring("properties.".length()) : eventField;
    }

    private static String text(String text, String field, boolean required) {
        String t = text == null ? "" : text.strip();
        if (required && t.isEmpty()) {
            throw HttpError.bad(field, "fill in the " + field);
        }
        if (t.length() > MAX_TEXT) {
            throw HttpError.bad(field, "the " + field + " has " + t.length() + " characters, more than the limit of "
                    + MAX_TEXT);
        }
        return t;
    }

    private static Program program(Definitions d, String name) {
        return d.programs().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("offer of unknown program " + name));
    }

    /** Why an offer is relevant for the customer now. */
    private static List<String> why(Program p, Customer c, Definitions d) {
        List<String> why = new ArrayList<>();
        why.add(p.audience().map(a -> "in the audience: " + a.describe())
                .orElse("open to every customer (no audience condition)"));
        why.add("promotes " + p.promotes().stream().map(Category::name).collect(Collectors.joining(", "))
                + (p.offer() ? " with a price offer" : ""));
        for (Category cat : p.promotes()) {
            c.interestIn(cat).filter(i -> i == Interest.INTERESTED)
                    .ifPresent(i -> why.add("declared interest in " + cat.name()));
        }
        if (p.controlShare() > 0) {
            why.add("not in the program's control group (" + percent(p.controlShare()) + " of customers)");
        }
        List<String> guards = new ArrayList<>();
        for (CategoryExclusion e : d.policies().exclusions()) {
            if (p.promotes().contains(e.category())) {
                guards.add(e.describe());
            }
        }
        why.add("no relevance guard holds it back: no declared disinterest"
                + (guards.isEmpty() ? "" : "; no category exclusion (" + String.join("; ", guards) + ")")
                + (p.offer() ? ", no purchase in its categories in the last "
                + d.policies().noBetterOfferAfterPurchase().toDays() + " days" : ""));
        return why;
    }

    /** What may hold back a program that is not offered now, with the customer's values where they show it. */
    private static List<String> holdBacks(Program p, Customer c, Definitions d) {
        List<String> out = new ArrayList<>();
        for (Category cat : p.promotes()) {
            c.interestIn(cat).filter(i -> i == Interest.NOT_INTERESTED)
                    .ifPresent(i -> out.add("declared disinterest: not interested in " + cat.name()));
        }
        for (CategoryExclusion e : d.policies().exclusions()) {
            if (p.promotes().contains(e.category())) {
                out.add("category exclusion: " + e.describe() + seen(e.when(), c));
            }
        }
        p.audience().ifPresent(a -> out.add("audience: " + a.describe()));
        if (p.controlShare() > 0) {
            out.add("control group: " + percent(p.controlShare()) + " of customers get nothing from it");
        }
        if (p.offer()) {
            out.add("no better offer: a purchase in " + p.promotes().stream().map(Category::name)
                    .collect(Collectors.joining(", ")) + " in the last "
                    + d.policies().noBetterOfferAfterPurchase().toDays() + " days");
        }
        return out;
    }

    /** The customer's values of the attributes a condition tests, as {@code (now: gender = "male", staff)}. */
    private static String seen(Condition condition, Customer c) {
        List<String> values = new ArrayList<>();
        for (String n : AttributeNames.tested(condition)) {
            values.add(c.attribute(n).map(a -> n + " = " + a.value().asText() + " (" + lower(a.source().name()) + ")")
                    .orElse(n + " unknown"));
        }
        return values.isEmpty() ? "" : " (now: " + String.join(", ", values) + ")";
    }

    private static String outcome(Message m) {
        return switch (m.status()) {
            case SUPPRESSED -> "held back: " + m.reason();
            case SENT -> "sent" + (m.outcomes().isEmpty() ? "" : ", " + String.join(", ", m.outcomes().keySet()));
            case PENDING -> "waiting for delivery" + (m.reason().isEmpty() ? "" : " (" + m.reason() + ")");
            case RETRYING -> "delivery failed " + m.attempts() + " time(s), retrying: " + m.reason();
            case DEAD -> "given up: " + m.reason();
        };
    }

    /** One event in a line: lines bought, then the properties. */
    static String describe(Event e) {
        StringBuilder d = new StringBuilder();
        if (!e.lines().isEmpty()) {
            d.append(e.lines().stream().map(CustomerDesk::line).collect(Collectors.joining(", ")));
            d.append(String.format(Locale.ROOT, " (total %,.2f)", e.total()));
        }
        e.properties().forEach((k, v) -> {
            if (d.length() > 0) {
                d.append("; ");
            }
            d.append(k).append(": ").append(v.asText());
        });
        return d.toString();
    }

    private static String line(Line l) {
        return l.quantity() + " x " + l.sku() + " (" + l.category().name() + ", "
                + String.format(Locale.ROOT, "%,.2f", l.price()) + ")";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
