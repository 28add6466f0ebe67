package io.relevans.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.definition.Definitions;
import io.relevans.definition.Features;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Segment;
import io.relevans.definition.Window;
import io.relevans.dsl.Relang;
import io.relevans.event.EventType;
import io.relevans.internal.json.StoredJson;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What {@link RelevansDefinitions#publish} writes, and what it refuses to write. */
class RelevansDefinitionsTest {

    private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(),
            new StringSerializer());

    @Test
    void validFiles_oneRecordWithTheVersionAndTheFiles() {
        RelevansDefinitions.publish(producer, Topics.prefixed("shop"), 4,
                Map.of("shop.rel", "segment viewer:\n  count product_view over 30d >= 2\n"));

        List<ProducerRecord<String, String>> sent = producer.history();
        assertEquals(1, sent.size());
        assertEquals("shop.definitions", sent.get(0).topic());
        assertEquals(RelevansDefinitions.KEY, sent.get(0).key());
        assertEquals("{\"version\":4,\"files\":{\"shop.rel\":"
                + "\"segment viewer:\\n  count product_view over 30d >= 2\\n\"}}", sent.get(0).value());
    }

    @Test
    void errorsInTheFiles_refusedNamingFileLineAndColumn_nothingWritten() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> RelevansDefinitions
                .publish(producer, Topics.defaults(), 4, Map.of("shop.rel", "segment viewer:\n  count product_view\n")));

        assertTrue(e.getMessage().startsWith("shop.rel:2:"), e.getMessage());
        assertEquals(List.of(), producer.history());
    }

    @Test
    void splitPickingAWinner_refused_nothingWritten() {
        InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> RelevansDefinitions
                .publish(producer, Topics.defaults(), 4, Map.of("ab.rel", """
                        program ab_cart:
                          on cart_change
                          goal purchase within 7d
                          steps:
                            ab: split short 50% -> a, long 50% -> b, pick winner after 500 per variant at 97.5%
                            a: send cart_short by email
                            stop: end
                            b: send cart_long by email
                        """)));

        assertEquals("split 'ab' of program 'ab_cart' picks a winner: the Kafka runtime keeps no split decisions yet;"
                + " drop the winner rule", e.getMessage());
        assertEquals(List.of(), producer.history());
    }

    @Test
    void definitionsBuiltInJava_writtenAsTextThatReadsBackEqual() {
        Definitions d = Definitions.builder().segment(Segment.named("viewer").when(Features.count(
                EventType.PRODUCT_VIEW).within(Window.days(30)).atLeast(2))).build();

        RelevansDefinitions.publish(producer, Topics.defaults(), 2, d);

        String value = producer.history().get(0).value();
        String text = StoredJson.read(value).get("files").get("definitions.rel").textValue();
        assertEquals(d, Relang.parse("definitions.rel", text).orThrow());
    }

    @Test
    void badVersion_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelevansDefinitions
                .publish(producer, Topics.defaults(), 0, Map.of("shop.rel", "")));
        assertEquals("a definitions version is 1 or more, got 0", e.getMessage());
    }
}
