package io.relevans.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import io.relevans.spi.Delivery;
import io.relevans.spi.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tracing: an ingest and a delivery are observations with the program and the message id as
 * high-cardinality key values, and only bounded low-cardinality ones (which a metrics handler may turn
 * into tags). {@link TestObservationRegistry} also checks that every observation is started, scoped and
 * stopped in order.
 */
class ObservationTest {

    private TestObservationRegistry observations;
    private Shop shop;

    @BeforeEach
    void setUp() {
        observations = TestObservationRegistry.create();
        shop = new Shop(MicrometerObserver.builder(new SimpleMeterRegistry()).observations(observations).build());
    }

    private static List<Message> welcome(Shop shop, int who) {
        return shop.engine.messages(Shop.email(who)).stream().filter(m -> m.program().equals("welcome")).toList();
    }

    @Test
    @DisplayName("an ingest is a span with its event type and outcome; the messages it decided as program and message id")
    void ingest_isASpanWithProgramAndMessageIds() {
        shop.ingest(0, EventType.SIGNUP, b -> b.link(Shop.phone(0)));
        String id = welcome(shop, 0).get(0).id();

        assertThat(observations).hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.INGEST_OBSERVATION, 1)
                .hasObservationWithNameEqualTo(MicrometerObserver.INGEST_OBSERVATION).that()
                .hasContextualNameEqualTo("ingest signup")
                .hasLowCardinalityKeyValue("relevans.event.type", "signup")
                .hasLowCardinalityKeyValue("relevans.outcome", "applied")
                .hasHighCardinalityKeyValue("relevans.program", "welcome")
                .hasHighCardinalityKeyValue("relevans.message.id", id)
                .doesNotHaveError()
                .hasBeenStarted().hasBeenStopped();
    }

    @Test
    @DisplayName("a refused ingest is a span with the error; an ingest that decides nothing names no message")
    void refusedIngest_hasTheError() {
        shop.signUpAll();
        observations.clear();
        shop.cart(0); // waits an hour: decides nothing yet
        Event ahead = Event.builder(EventType.CART_CHANGE, Shop.email(1), shop.clock.instant().plus(Duration.ofDays(2)))
                .id("ev-ahead").line("tv-55", "tv", 8999, 1).build();
        assertThrows(EventFormatException.class, () -> shop.engine.ingest(ahead));

        assertThat(observations).hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.INGEST_OBSERVATION, 2)
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("relevans.outcome", "applied")
                        .doesNotHaveHighCardinalityKeyValueWithKey("relevans.message.id"))
                .hasAnObservation(o -> o.hasLowCardinalityKeyValue("relevans.outcome", "refused")
                        .hasLowCardinalityKeyValue("relevans.event.type", "cart_change")
                        .assertThatError().isInstanceOf(EventFormatException.class));
    }

    @Test
    @DisplayName("each delivery attempt is a span with channel, outcome, program and message id; a batch is one span")
    void delivery_isASpanPerAttempt() {
        shop.signUpAll();
        shop.cart(0);
        shop.cart(1);
        shop.advance(Duration.ofMinutes(61));
        shop.email.failNext(1, Delivery.retryLater("421 busy"));
        observations.clear();
        shop.engine.tick();

        List<Message> cart = new ArrayList<>();
        for (int who = 0; who < 2; who++) {
            shop.engine.messages(Shop.email(who)).stream().filter(m -> m.program().equals("cart")).forEach(cart::add);
        }
        assertEquals(2, cart.size());
        assertThat(observations).hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.DELIVERY_OBSERVATION, 2);
        for (Message m : cart) {
            String outcome = m.status() == Message.Status.SENT ? "sent" : "retrying";
            assertThat(observations).hasAnObservation(o -> o.hasNameEqualTo(MicrometerObserver.DELIVERY_OBSERVATION)
                    .hasContextualNameEqualTo("deliver email")
                    .hasLowCardinalityKeyValue("relevans.channel", "email")
                    .hasLowCardinalityKeyValue("relevans.outcome", outcome)
                    .hasHighCardinalityKeyValue("relevans.program", "cart")
                    .hasHighCardinalityKeyValue("relevans.message.id", m.id()));
        }

        observations.clear();
        shop.engine.ingestAll(List.of(shop.event(2, EventType.SIGNUP, b -> { }), shop.event(3, EventType.SIGNUP, b -> { })));
        assertThat(observations).hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.INGEST_BATCH_OBSERVATION, 1)
                .hasNumberOfObservationsWithNameEqualTo(MicrometerObserver.INGEST_OBSERVATION, 0)
                .hasObservationWithNameEqualTo(MicrometerObserver.INGEST_BATCH_OBSERVATION).that()
                .hasHighCardinalityKeyValue("relevans.events", "2")
                .hasLowCardinalityKeyValue("relevans.outcome", "applied");
    }

    @Test
    @DisplayName("low-cardinality key values never carry a customer id, identity, message id or event id")
    void lowCardinalityKeyValues_areBounded() {
        shop.signUpAll();
        for (int who = 0; who < Shop.CUSTOMERS; who++) {
            shop.cart(who);
        }
        shop.advance(Duration.ofMinutes(61));
        shop.engine.tick();
        Set<String> personal = shop.personalValues();
        List<String> high = new ArrayList<>();
        assertThat(observations).hasHandledContextsThatSatisfy(contexts -> {
            assertTrue(contexts.size() >= 3 * Shop.CUSTOMERS, "ingests and deliveries: " + contexts.size());
            for (Observation.Context c : contexts) {
                for (KeyValue kv : c.getLowCardinalityKeyValues()) {
                    assertFalse(personal.contains(kv.getValue()), c.getName() + " low " + kv);
                }
                c.getHighCardinalityKeyValues().forEach(kv -> high.add(kv.getValue()));
            }
        });
        assertTrue(high.stream().anyMatch(personal::contains), "message ids go to the high-cardinality ones");
    }
}
