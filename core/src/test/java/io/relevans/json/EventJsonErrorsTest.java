package io.relevans.json;

import io.relevans.event.*;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests of the messages of rejected events: each input JSON and the exact field and message it
 * gives, so that any change of wording shows up here. JSON below is written with single quotes, which
 * {@link #j(String)} turns into double quotes.
 */
class EventJsonErrorsTest {

    private static final String WHO_WHEN = "'customer': {'email': 'anna@example.com'}, 'time': '2026-03-01T10:15:00Z'";

    /** JSON with single quotes turned into double quotes. */
    private static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** An event of the given type for Anna at a fixed time, with more top-level fields. */
    private static String event(String type, String more) {
        return j("{'type': '" + type + "', " + WHO_WHEN + (more.isEmpty() ? "" : ", " + more) + "}");
    }

    /** A purchase with the given line objects. */
    private static String purchase(String lines) {
        return event("purchase", "'lines': [" + lines + "]");
    }

    private static final String FIELDS = "[customer, id, lines, link, origin, properties, time, type]";
    private static final String SCALAR = "expected a string, number, boolean or {\"date\": \"YYYY-MM-DD\"}, got ";
    private static final String ONE_IDENTITY =
            "expected an object with exactly one identity, such as {\"email\": \"anna@example.com\"}";

    static Stream<Arguments> rejected() {
        return Stream.of(
                // the document as a whole
                Arguments.of("truncated JSON", "{\"type\": \"signup\",", "",
                        "invalid event: malformed JSON at line 1, column 19: Unexpected end-of-input within/between "
                                + "Object entries"),
                Arguments.of("missing comma on line 3", "{\n  \"type\": \"signup\"\n  \"time\": \"x\"}", "",
                        "invalid event: malformed JSON at line 3, column 3: Unexpected character ('\"' (code 34)): "
                                + "was expecting comma to separate Object entries"),
                Arguments.of("single-quoted JSON", "{'type': 'signup'}", "",
                        "invalid event: malformed JSON at line 1, column 2: Unexpected character (''' (code 39)): "
                                + "was expecting double-quote to start field name"),
                Arguments.of("second event on the same line", event("signup", "") + " " + event("signup", ""), "",
                        "invalid event: malformed JSON at line 1, column 95: text after the end of the object; "
                                + "expected one JSON object"),
                Arguments.of("an array", "[1, 2]", "", "invalid event: expected a JSON object"),
                Arguments.of("a string", "\"purchase\"", "", "invalid event: expected a JSON object"),
                Arguments.of("null", "null", "", "invalid event: expected a JSON object"),
                Arguments.of("empty input", "", "", "invalid event: expected a JSON object"),
                Arguments.of("unknown top-level field", event("signup", "'propeties': {'a': 1}"), "propeties",
                        "invalid event field 'propeties': unknown field; expected one of " + FIELDS),
                // type, customer, time, id, origin
                Arguments.of("missing type", j("{" + WHO_WHEN + "}"), "type",
                        "invalid event field 'type': is required"),
                Arguments.of("type null", j("{'type': null, " + WHO_WHEN + "}"), "type",
                        "invalid event field 'type': is required"),
                Arguments.of("type a number", j("{'type': 7, " + WHO_WHEN + "}"), "type",
                        "invalid event field 'type': expected a string, got a number"),
                Arguments.of("type upper case", event("Purchase", ""), "type",
                        "invalid event field 'type': 'Purchase' is not a valid event type: use 1..64 lower-case "
                                + "letters, digits or '_', starting with a letter"),
                Arguments.of("missing customer", j("{'type': 'signup', 'time': '2026-03-01T10:15:00Z'}"), "customer",
                        "invalid event field 'customer': is required"),
                Arguments.of("missing time", j("{'type': 'signup', 'customer': {'email': 'a@b.no'}}"), "time",
                        "invalid event field 'time': is required"),
                Arguments.of("time not ISO", j("{'type': 'signup', 'customer': {'email': 'a@b.no'}, "
                                + "'time': '2026-03-01 10:15'}"), "time",
                        "invalid event field 'time': expected an ISO-8601 instant such as 2026-03-01T10:15:00Z, "
                                + "got '2026-03-01 10:15'"),
                Arguments.of("time a number", j("{'type': 'signup', 'customer': {'email': 'a@b.no'}, "
                                + "'time': 1772360100000}"), "time",
                        "invalid event field 'time': expected a string, got a number"),
                Arguments.of("id blank", event("signup", "'id': '  '"), "id",
                        "invalid event field 'id': must be 1..128 characters"),
                Arguments.of("invalid origin", event("signup", "'origin': 'shop'"), "origin",
                        "invalid event field 'origin': 'shop' is not one of web, app, store, service, system"),
                // identities
                Arguments.of("unknown identity type", j("{'type': 'signup', 'customer': {'mail': 'a@b.no'}, "
                                + "'time': '2026-03-01T10:15:00Z'}"), "customer.mail",
                        "invalid event field 'customer.mail': unknown identity type; expected one of [email, phone, "
                                + "postal_address, login, cookie, loyalty_number, pos_customer_number]"),
                Arguments.of("identity with two keys", j("{'type': 'signup', "
                                + "'customer': {'email': 'a@b.no', 'phone': '+4799'}, 'time': '2026-03-01T10:15:00Z'}"),
                        "customer", "invalid event field 'customer': " + ONE_IDENTITY),
                Arguments.of("identity a string", j("{'type': 'signup', 'customer': 'a@b.no', "
                                + "'time': '2026-03-01T10:15:00Z'}"),
                        "customer", "invalid event field 'customer': " + ONE_IDENTITY),
                Arguments.of("identity value blank", j("{'type': 'signup', 'customer': {'email': '  '}, "
                                + "'time': '2026-03-01T10:15:00Z'}"), "customer.email",
                        "invalid event field 'customer.email': email identity must be 1..320 characters, got 0"),
                Arguments.of("identity value a number", j("{'type': 'signup', 'customer': {'loyalty_number': 7001}, "
                                + "'time': '2026-03-01T10:15:00Z'}"), "customer.loyalty_number",
                        "invalid event field 'customer.loyalty_number': expected a string, got a number"),
                Arguments.of("second link with two keys", event("signup",
                                "'link': [{'cookie': 'c1'}, {'cookie': 'c2', 'login': 'anna'}]"), "link[1]",
                        "invalid event field 'link[1]': " + ONE_IDENTITY),
                Arguments.of("link not an array", event("signup", "'link': {'cookie': 'c1'}"), "link",
                        "invalid event field 'link': expected an array of identities, got an object"),
                // properties
                Arguments.of("properties an array", event("signup", "'properties': [1]"), "properties",
                        "invalid event field 'properties': expected an object, got an array"),
                Arguments.of("property a nested object", event("signup", "'properties': {'address': {'city': 'Oslo'}}"),
                        "properties.address", "invalid event field 'properties.address': " + SCALAR + "an object"),
                Arguments.of("property an array", event("signup", "'properties': {'tags': ['a', 'b']}"),
                        "properties.tags", "invalid event field 'properties.tags': " + SCALAR + "an array"),
                Arguments.of("property null", event("signup", "'properties': {'note': null}"),
                        "properties.note", "invalid event field 'properties.note': " + SCALAR + "null"),
                Arguments.of("property a bad date", event("signup", "'properties': {'born': {'date': '1990-13-01'}}"),
                        "properties.born", "invalid event field 'properties.born': expected a date such as "
                                + "1990-05-01, got '1990-13-01'"),
                Arguments.of("property number out of range", event("signup", "'properties': {'big': 1e999}"),
                        "properties.big", "invalid event field 'properties.big': number out of range: Infinity"),
                Arguments.of("invalid property name", event("signup", "'properties': {'Store': 'oslo-1'}"),
                        "properties.Store", "invalid event field 'properties.Store': is not a valid property name: "
                                + "use 1..64 lower-case letters, digits or '_'"),
                // lines
                Arguments.of("purchase without lines", event("purchase", ""), "lines",
                        "invalid event field 'lines': a purchase needs at least one line"),
                Arguments.of("purchase with empty lines", event("purchase", "'lines': []"), "lines",
                        "invalid event field 'lines': a purchase needs at least one line"),
                Arguments.of("lines on a signup", event("signup",
                                "'lines': [{'sku': 'a', 'category': 'tv', 'price': 1}]"), "lines",
                        "invalid event field 'lines': signup events have no lines"),
                Arguments.of("lines an object", event("purchase", "'lines': {'sku': 'a'}"), "lines",
                        "invalid event field 'lines': expected an array, got an object"),
                Arguments.of("line a string", purchase("'tv-55'"), "lines[0]",
                        "invalid event field 'lines[0]': expected an object with sku, category, price and quantity"),
                Arguments.of("line missing price", purchase("{'sku': 'tv-55', 'category': 'tv', 'quantity': 1}"),
                        "lines[0].price", "invalid event field 'lines[0].price': is required"),
                Arguments.of("second line with price as string", purchase(
                                "{'sku': 'a', 'category': 'tv', 'price': 1}, {'sku': 'b', 'category': 'tv', 'price': '8999'}"),
                        "lines[1].price", "invalid event field 'lines[1].price': expected a number, got a string"),
                Arguments.of("negative price", purchase("{'sku': 'tv-55', 'category': 'tv', 'price': -1}"),
                        "lines[0].price",
                        "invalid event field 'lines[0].price': must be a finite number of at least 0, got -1.0"),
                Arguments.of("price out of range", purchase("{'sku': 'tv-55', 'category': 'tv', 'price': 1e400}"),
                        "lines[0].price",
                        "invalid event field 'lines[0].price': must be a finite number of at least 0, got Infinity"),
                Arguments.of("quantity 0", purchase("{'sku': 'tv-55', 'category': 'tv', 'price': 1, 'quantity': 0}"),
                        "lines[0].quantity", "invalid event field 'lines[0].quantity': must be from 1 to 1,000,000, got 0"),
                Arguments.of("quantity 1.5", purchase("{'sku': 'tv-55', 'category': 'tv', 'price': 1, 'quantity': 1.5}"),
                        "lines[0].quantity", "invalid event field 'lines[0].quantity': expected a whole number, got a number"),
                Arguments.of("quantity beyond int", purchase(
                                "{'sku': 'tv-55', 'category': 'tv', 'price': 1, 'quantity': 3000000000}"),
                        "lines[0].quantity", "invalid event field 'lines[0].quantity': must be from 1 to 1,000,000, got 3000000000"),
                Arguments.of("line missing sku", purchase("{'category': 'tv', 'price': 1}"), "lines[0].sku",
                        "invalid event field 'lines[0].sku': is required"),
                Arguments.of("line with blank sku", purchase("{'sku': ' ', 'category': 'tv', 'price': 1}"),
                        "lines[0].sku", "invalid event field 'lines[0].sku': must be 1..128 characters"),
                Arguments.of("line with invalid category", purchase("{'sku': 'a', 'category': 'TV sets', 'price': 1}"),
                        "lines[0].category", "invalid event field 'lines[0].category': invalid category 'TV sets': "
                                + "use 1..64 lower-case letters, digits, '_' or '-'"),
                Arguments.of("line with unknown field", purchase("{'sku': 'a', 'category': 'tv', 'price': 1, 'qty': 2}"),
                        "lines[0].qty", "invalid event field 'lines[0].qty': unknown field; expected sku, category, "
                                + "price, quantity"),
                // built-in schemas
                Arguments.of("rating 7 on a review", event("review", "'properties': {'rating': 7}"), "properties.rating",
                        "invalid event field 'properties.rating': must be between 1 and 5, got 7"),
                Arguments.of("rating 0.5 on a review", event("review", "'properties': {'rating': 0.5}"),
                        "properties.rating", "invalid event field 'properties.rating': must be between 1 and 5, got 0.5"),
                Arguments.of("rating as a string", event("review", "'properties': {'rating': '5'}"), "properties.rating",
                        "invalid event field 'properties.rating': must be a number, got text \"5\""),
                Arguments.of("review without rating", event("review", "'properties': {'sku': 'tv-55'}"),
                        "properties.rating", "invalid event field 'properties.rating': is required for review events"),
                Arguments.of("consent_change missing granted", event("consent_change",
                                "'properties': {'channel': 'email', 'purpose': 'marketing'}"), "properties.granted",
                        "invalid event field 'properties.granted': is required for consent_change events"),
                Arguments.of("consent_change granted as text", event("consent_change",
                                "'properties': {'channel': 'email', 'purpose': 'marketing', 'granted': 'yes'}"),
                        "properties.granted", "invalid event field 'properties.granted': must be a flag, got text \"yes\""),
                Arguments.of("consent_change invalid channel", event("consent_change",
                                "'properties': {'channel': 'e mail', 'purpose': 'marketing', 'granted': true}"),
                        "properties.channel", "invalid event field 'properties.channel': invalid channel 'e mail': "
                                + "use 1..64 lower-case letters, digits, '_' or '-'"),
                Arguments.of("preference with category but no interest", event("preference_declared",
                                "'properties': {'category': 'tv'}"), "properties.interest",
                        "invalid event field 'properties.interest': category and interest go together"),
                Arguments.of("preference with an unknown interest", event("preference_declared",
                                "'properties': {'category': 'tv', 'interest': 'maybe'}"), "properties.interest",
                        "invalid event field 'properties.interest': must be 'interested' or 'not_interested', "
                                + "got 'maybe'"),
                Arguments.of("preference with nothing", event("preference_declared", ""), "properties",
                        "invalid event field 'properties': a preference needs category and interest, or channels"),
                Arguments.of("attribute event with invalid attribute name", event("attribute_confirmed",
                                "'properties': {'attribute': '1st', 'value': 1}"), "properties.attribute",
                        "invalid event field 'properties.attribute': invalid attribute name '1st': use a letter "
                                + "followed by up to 63 letters, digits, '_', '.' or '-'"),
                Arguments.of("long texts are shortened in messages", event("store_visit",
                                "'properties': {'store': 'x'}, 'origin': '" + "o".repeat(50) + "'"), "origin",
                        "invalid event field 'origin': '" + "o".repeat(37) + "...' is not one of web, app, store, "
                                + "service, system"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    @DisplayName("a rejected event names the field and the problem")
    void read_invalidEvent_throwsWithFieldAndMessage(String name, String json, String field, String message) {
        EventFormatException e = assertThrows(EventFormatException.class, () -> EventJson.read(json));
        assertAll(() -> assertEquals(message, e.getMessage()), () -> assertEquals(field, e.field()));
    }

    @Test
    void readLines_invalidEventOnLineThree_namesTheLine() {
        String text = event("signup", "") + "\n\n" + j("{'type': 'signup', 'customer': {'email': 'a@b.no'}}") + "\n"
                + event("signup", "");
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.readLines(new StringReader(text)));
        assertEquals("time", e.field());
        assertEquals("line 3: is required", e.problem());
        assertEquals("invalid event field 'time': line 3: is required", e.getMessage());
    }

    @Test
    void readLines_malformedLine_namesTheLine() {
        String text = event("signup", "") + "\n{\"type\": \n";
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.readLines(new StringReader(text)));
        assertEquals("", e.field());
        assertEquals("invalid event: line 2: malformed JSON at column 10: Unexpected end-of-input "
                + "within/between Object entries", e.getMessage());
    }

    @Test
    void readLines_twoEventsOnOneLine_isRejectedNotHalfRead() {
        String text = event("signup", "") + "\n" + event("signup", "") + event("review", "'properties': {'rating': 3}");
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.readLines(new StringReader(text)));
        assertEquals("", e.field());
        assertEquals("invalid event: line 2: malformed JSON at column 94: text after the end of the object; "
                + "expected one JSON object", e.getMessage());
    }

    @Test
    void read_textAfterTheObject_isRejected() {
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> EventJson.read(event("signup", "") + " xyz"));
        assertEquals("", e.field());
        assertEquals("invalid event: malformed JSON at line 1, column 95: Unrecognized token 'xyz': was expecting "
                + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')", e.getMessage());
    }
}
