package io.relevans.examples.boot;

import io.relevans.BatchOutcome;
import io.relevans.FeatureChange;
import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.customer.CustomerId;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.json.EventJson;
import io.relevans.spi.Message;
import io.relevans.spi.Timer;
import io.relevans.spi.WriteConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The shop's event intake over HTTP:
 *
 * <ul>
 *   <li>{@code POST /events} with one event as JSON ({@code application/json}) answers what it changed
 *       for its customer ({@link Ingested});</li>
 *   <li>{@code POST /events/batch} with a JSON array of events ({@code application/json}) or JSON lines
 *       ({@code application/x-ndjson}) applies them in order and answers each one's outcome
 *       ({@link Batch}): an event the engine refuses is refused alone;</li>
 *   <li>{@code GET /customers/{id}/messages} lists what the programs decided for a customer, sent or held
 *       back with the reason; {@code GET /customers/{id}/waiting} the programs waiting for them.</li>
 * </ul>
 *
 * An event that cannot be read is answered {@code 400} with core's field-named error ({@link Problem}), such
 * as {@code invalid event field 'lines[0].price': expected a number, got a string}; in a batch the field
 * names the element ({@code [2].time}) or the line ({@code line 3: ...}), and nothing of the batch is
 * applied. An event other engines on the same database kept racing for is answered {@code 409}: send it
 * again. A request body is read up to {@value #MAX_BYTES} bytes, a batch up to {@value #MAX_BATCH} events.
 */
@RestController
public class EventController {

    /** The most bytes of one request body. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** The most events of one batch. */
    public static final int MAX_BATCH = 10_000;
    /** JSON lines, one event per line. */
    public static final String JSON_LINES = "application/x-ndjson";

    private final Relevans engine;

    /** @param engine the engine the starter configured */
    public EventController(Relevans engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Ingests one event.
     *
     * @throws EventFormatException when the event cannot be read or the engine refuses it (a time too far
     *                              ahead): answered 400
     */
    @PostMapping(path = "/events", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Ingested ingest(InputStream body) throws IOException {
        String json = read(body);
        if (json.stripLeading().startsWith("[")) {
            throw new EventFormatException("", "expected one event object; send a JSON array to /events/batch");
        }
        return Ingested.of(engine.ingest(EventJson.read(json)));
    }

    /**
     * Ingests a batch given as a JSON array, in order.
     *
     * @throws EventFormatException naming the element when one cannot be read: answered 400, nothing applied
     */
    @PostMapping(path = "/events/batch", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Batch batch(InputStream body) throws IOException {
        return Batch.of(engine.ingestAll(EventArrays.read(read(body), MAX_BATCH)));
    }

    /**
     * Ingests a batch given as JSON lines, in order.
     *
     * @throws EventFormatException naming the line when one cannot be read: answered 400, nothing applied
     */
    @PostMapping(path = "/events/batch", consumes = {JSON_LINES, "application/jsonl"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Batch batchLines(InputStream body) throws IOException {
        List<Event> events = EventJson.readLines(new StringReader(read(body)));
        if (events.size() > MAX_BATCH) {
            throw new EventFormatException("", "a batch holds at most " + MAX_BATCH + " events, got " + events.size());
        }
        return Batch.of(engine.ingestAll(events));
    }

    /** What the programs decided for the customer, oldest first. */
    @GetMapping(path = "/customers/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Decided> messages(@PathVariable("id") String id) {
        return engine.messages(customer(id)).stream().map(Decided::of).toList();
    }

    private static CustomerId customer(String id) {
        try {
            return CustomerId.of(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * The programs waiting for the customer: a wait step, or a message held for the morning by the quiet
     * hours (21:00 to 08:00 Oslo time by default, as {@code shop.rel} says).
     */
    @GetMapping(path = "/customers/{id}/waiting", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<Waiting> waiting(@PathVariable("id") String id) {
        return engine.waiting(customer(id)).stream().map(Waiting::of).toList();
    }

    /** An event that cannot be read or is refused: 400 with the field and the problem. */
    @ExceptionHandler(EventFormatException.class)
    public ResponseEntity<Problem> refused(EventFormatException e) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(new Problem(e.getMessage(),
                e.field()));
    }

    /**
     * Other engines kept changing the customer (engines on one database) and this one gave up: 409, nothing
     * was stored and the event can be sent again.
     */
    @ExceptionHandler(WriteConflictException.class)
    public ResponseEntity<Problem> conflict(WriteConflictException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_JSON)
                .body(new Problem(e.getMessage(), ""));
    }

    /** A body over the limit: 413. */
    @ExceptionHandler(TooLarge.class)
    public ResponseEntity<Problem> tooLarge(TooLarge e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_JSON)
                .body(new Problem(e.getMessage(), ""));
    }

    /** The body as UTF-8 text, refused past {@link #MAX_BYTES} without reading further. */
    private static String read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new TooLarge("a request body holds at most " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A request body over the limit. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /**
     * Why a request was refused.
     *
     * @param error the whole message, such as {@code invalid event field 'time': ...}
     * @param field the field, such as {@code lines[0].price} or {@code [2].time}; empty for the whole body
     */
    public record Problem(String error, String field) {
    }

    /**
     * What one event changed for its customer.
     *
     * @param customer the customer's id (after a merge, the surviving profile)
     * @param merged   profiles merged into it by the event
     * @param segments the segments the customer is in now
     * @param entered  segments entered
     * @param exited   segments left
     * @param features features whose value changed
     */
    public record Ingested(String customer, List<String> merged, List<String> segments, List<String> entered,
                           List<String> exited, List<Feature> features) {

        static Ingested of(IngestResult r) {
            return new Ingested(r.customer().value(), r.merged().stream().map(CustomerId::value).toList(),
                    List.copyOf(r.segments()), List.copyOf(r.entered()), List.copyOf(r.exited()),
                    r.features().stream().map(Feature::of).toList());
        }
    }

    /**
     * One feature's change.
     *
     * @param feature the feature, as definitions write it
     * @param before  its value before; null when it had none
     * @param after   its value after; null when it has none
     */
    public record Feature(String feature, Double before, Double after) {

        static Feature of(FeatureChange c) {
            return new Feature(c.feature(), value(c.before()), value(c.after()));
        }

        private static Double value(OptionalDouble v) {
            return v.isPresent() ? v.getAsDouble() : null;
        }
    }

    /**
     * The outcomes of a batch.
     *
     * @param applied how many events were applied
     * @param refused how many were refused
     * @param events  each event's outcome, in the batch's order
     */
    public record Batch(int applied, int refused, List<Outcome> events) {

        static Batch of(List<BatchOutcome> outcomes) {
            List<Outcome> events = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                events.add(Outcome.of(i, outcomes.get(i)));
            }
            int applied = (int) outcomes.stream().filter(BatchOutcome::applied).count();
            return new Batch(applied, outcomes.size() - applied, events);
        }
    }

    /**
     * One event of a batch.
     *
     * @param index   its place in the batch, from 0
     * @param id      the event's id (given, or derived from its content)
     * @param result  what it changed; null when refused
     * @param refusal why the engine refused it; null when applied
     */
    public record Outcome(int index, String id, Ingested result, String refusal) {

        static Outcome of(int index, BatchOutcome o) {
            return new Outcome(index, o.event().id(), o.result().map(Ingested::of).orElse(null),
                    o.refusal().map(Throwable::getMessage).orElse(null));
        }
    }

    /**
     * A program waiting for a customer.
     *
     * @param program the program
     * @param step    the step it goes on with
     * @param kind    what it waits for, such as RESUME (a wait, or the end of the quiet hours)
     * @param due     when it goes on, ISO-8601
     */
    public record Waiting(String program, String step, String kind, String due) {

        static Waiting of(Timer t) {
            return new Waiting(t.program(), t.step(), t.kind().name(), t.due().toString());
        }
    }

    /**
     * A message a program decided.
     *
     * @param id        its id (the idempotency key)
     * @param program   the program
     * @param step      the step that decided it
     * @param channel   the channel chosen; empty when held back before one was
     * @param template  the template
     * @param status    PENDING, SENT, RETRYING, DEAD or SUPPRESSED
     * @param reason    why it was held back or the last delivery error; empty otherwise
     * @param decidedAt when it was decided, ISO-8601
     */
    public record Decided(String id, String program, String step, String channel, String template, String status,
                          String reason, String decidedAt) {

        static Decided of(Message m) {
            return new Decided(m.id(), m.program(), m.step(), m.channel().map(c -> c.name()).orElse(""), m.template(),
                    m.status().name(), m.reason(), m.decidedAt().toString());
        }
    }
}
