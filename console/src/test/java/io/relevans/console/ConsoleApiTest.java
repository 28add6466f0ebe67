package io.relevans.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The REST API through real HTTP against the started console (S2, S5, S9, S12, S14, S17, S18, S20, S22): each
 * endpoint answers what the pages show, errors name the field, limits are named, and roles hold.
 */
class ConsoleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConsoleFixture shop;

    @BeforeAll
    static void start() {
        shop = ConsoleFixture.start();
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    private static JsonNode json(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers()
                .toString());
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static String kari() {
        return json(shop.post("stina", "/api/customers/lookup", "{\"identity\": {\"loyalty_number\": \""
                + ConsoleFixture.KARI_LOYALTY + "\"}}"), 200).get("id").asText();
    }

    private static String member(int i) {
        return json(shop.post("stina", "/api/customers/lookup", "{\"identity\": {\"email\": \"member" + i
                + "@example.com\"}}"), 200).get("id").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void ingest_oneEvent_appliesIt_andABadOneIsRefusedNamingTheField() {
        JsonNode ok = json(shop.post("ada", "/api/events", "{\"type\": \"product_view\", \"customer\": {\"email\": "
                + "\"new.one@example.com\"}, \"time\": \"2026-03-23T09:00:00Z\", \"origin\": \"app\", "
                + "\"properties\": {\"sku\": \"tent-2p\", \"category\": \"tents\"}}"), 200);
        assertTrue(ok.get("customer").asText().startsWith("c-"));

        JsonNode bad = json(shop.post("ada", "/api/events", "{\"type\": \"purchase\", \"customer\": {\"email\": "
                + "\"x@example.com\"}, \"time\": \"2026-03-23T09:00:00Z\", \"lines\": [{\"sku\": \"a\", \"category\": "
                + "\"tents\", \"price\": \"cheap\", \"quantity\": 1}]}"), 400);
        assertEquals("lines[0].price", bad.get("field").asText());
        assertTrue(bad.get("error").asText().contains("lines[0].price"), bad.toString());

        JsonNode ahead = json(shop.post("ada", "/api/events", "{\"type\": \"signup\", \"customer\": {\"email\": "
                + "\"x@example.com\"}, \"time\": \"2027-03-23T09:00:00Z\"}"), 400);
        assertEquals("time", ahead.get("field").asText(), ahead.toString());
    }

    @Test
    void ingest_batch_appliesInOrder_orRefusesTheWholeBatchNamingEachField() {
        JsonNode ok = json(shop.post("ada", "/api/events/batch", "{\"events\": ["
                + "{\"type\": \"signup\", \"customer\": {\"email\": \"batch1@example.com\"}, \"time\": \"2026-03-23T09:00:00Z\"},"
                + "{\"type\": \"signup\", \"customer\": {\"email\": \"batch2@example.com\"}, \"time\": \"2026-03-23T09:01:00Z\"}"
                + "]}"), 200);
        assertEquals(2, ok.get("applied").asInt());
        assertEquals(0, ok.get("refused").asInt());

        JsonNode bad = json(shop.post("ada", "/api/events/batch", "["
                + "{\"type\": \"signup\", \"customer\": {\"email\": \"batch3@example.com\"}, \"time\": \"2026-03-23T09:00:00Z\"},"
                + "{\"type\": \"signup\", \"customer\": {\"email\": \"batch4@example.com\"}, \"time\": \"yesterday\"},"
                + "{\"type\": \"review\", \"customer\": {\"email\": \"batch4@example.com\"}, \"time\": \"2026-03-23T09:00:00Z\","
                + " \"properties\": {\"rating\": 9}}]"), 400);
        assertEquals("[1].time", bad.get("field").asText(), bad.toString());
        assertEquals(2, bad.get("errors").size());
        assertEquals("[2].properties.rating", bad.get("errors").get(1).get("field").asText());
        assertEquals(404, shop.post("stina", "/api/customers/lookup",
                "{\"identity\": {\"email\": \"batch3@example.com\"}}").statusCode(), "nothing of a refused batch applies");

        StringBuilder many = new StringBuilder("{\"events\": [");
        for (int i = 0; i <= 1_000; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        JsonNode tooMany = json(shop.post("ada", "/api/events/batch", many + "]}"), 413);
        assertTrue(tooMany.get("error").asText().contains("at most 1000 events"), tooMany.toString());
    }

    @Test
    void customer_byAnyIdentity_withAttributesSourcesAgesAndStaleOnesMarked() {
        JsonNode byLoyalty = json(shop.post("stina", "/api/customers/lookup", "{\"identity\": {\"loyalty_number\": \""
                + ConsoleFixture.KARI_LOYALTY + "\"}}"), 200);
        JsonNode byPhone = json(shop.post("stina", "/api/customers/lookup", "{\"identity\": {\"phone\": \"+47 912 34 567\"}}"),
                200);
        JsonNode byEmail = json(shop.post("stina", "/api/customers/lookup", "{\"identity\": {\"email\": \""
                + ConsoleFixture.KARI_EMAIL.toUpperCase(java.util.Locale.ROOT) + "\"}}"), 200);
        assertEquals(byLoyalty.get("id"), byPhone.get("id"));
        assertEquals(byLoyalty.get("id"), byEmail.get("id"));

        JsonNode c = json(shop.get("stina", "/api/customers/" + byLoyalty.get("id").asText()), 200);
        JsonNode children = find(c.get("attributes"), "name", "has_children");
        assertTrue(children.get("stale").asBoolean(), "confirmed five years ago, tested as 'older than 3y' (S20)");
        assertEquals(3 * 365, children.get("staleAfterDays").asInt());
        assertEquals("declared", children.get("source").asText());
        assertFalse(find(c.get("attributes"), "name", "gender").get("stale").asBoolean());
        assertTrue(texts(c.get("segments")).containsAll(List.of("party_browsers", "women", "stale_children")),
                c.toString());
        assertEquals(3, c.get("consents").size());

        JsonNode unknown = json(shop.post("stina", "/api/customers/lookup",
                "{\"identity\": {\"email\": \"nobody.here@example.com\"}}"), 404);
        assertFalse(unknown.toString().contains("nobody.here"), "the answer does not repeat the identity");
        JsonNode badType = json(shop.post("stina", "/api/customers/lookup", "{\"identity\": {\"shoe_size\": \"42\"}}"),
                400);
        assertEquals("identity", badType.get("field").asText());
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false).filter(n -> n.path(field).asText().equals(value))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + " " + value + " in " + array));
    }

    @Test
    void timeline_holdsStorePurchasesReviewsContactsAndMessagesWithOutcomes() {
        JsonNode t = json(shop.get("stina", "/api/customers/" + kari() + "/timeline"), 200);
        List<String> kinds = new ArrayList<>();
        t.get("entries").forEach(e -> kinds.add(e.get("kind").asText()));
        assertTrue(kinds.containsAll(List.of("purchase", "store_visit", "review", "support_contact", "signup",
                "product_view", "message")), kinds.toString());
        JsonNode purchase = find(t.get("entries"), "kind", "purchase");
        assertEquals("store", purchase.get("where").asText());
        assertTrue(purchase.get("summary").asText().contains("tent-2p"));
        JsonNode message = find(t.get("entries"), "kind", "message");
        assertNotNull(message.get("outcome"), message.toString());
    }

    @Test
    void segmentsAndMessagesAndOffers_sayWhy() {
        String id = kari();
        JsonNode segments = json(shop.get("stina", "/api/customers/" + id + "/segments"), 200);
        JsonNode party = find(segments.get("segments"), "name", "party_browsers");
        assertTrue(party.get("member").asBoolean());
        assertTrue(party.get("why").get("condition").asText().contains("product_view"), party.toString());
        assertEquals("2", party.get("why").get("seen").asText());

        JsonNode messages = json(shop.get("stina", "/api/customers/" + id + "/messages"), 200);
        JsonNode offer = find(messages.get("messages"), "program", "party_season");
        assertEquals("sent", offer.get("status").asText());

        JsonNode offers = json(shop.get("stina", "/api/customers/" + id + "/offers"), 200);
        JsonNode dress = find(offers.get("offers"), "program", "party_season");
        assertTrue(texts(dress.get("why")).stream().anyMatch(w -> w.contains(
                "no category exclusion (never promote party_dresses when attribute gender == \"male\")")), dress.toString());

        JsonNode held = json(shop.get("stina", "/api/customers/" + member(1) + "/messages"), 200);
        boolean guarded = StreamSupport.stream(held.get("messages").spliterator(), false)
                .anyMatch(m -> m.has("suppression"));
        JsonNode control = json(shop.get("marta", "/api/suppressions"), 200).get("byGuard");
        assertTrue(control.get("control_group").asLong() > 0, control.toString());
        assertTrue(guarded || control.size() > 0);
    }

    @Test
    void correction_isStoredAsStaffWithTheTime_andTheOfferDisappearsAtOnce() {
        String id = member(7);
        JsonNode female = json(shop.post("stina", "/api/customers/" + id + "/corrections",
                "{\"attribute\": \"gender\", \"value\": \"female\"}"), 200);
        assertTrue(texts(female.get("result").get("entered")).contains("women"), female.toString());
        assertTrue(texts(female.get("offersAfter")).contains("party_season"), female.toString());

        JsonNode male = json(shop.post("stina", "/api/customers/" + id + "/corrections",
                "{\"attribute\": \"gender\", \"value\": \"male\", \"origin\": \"service\"}"), 200);
        assertTrue(texts(male.get("result").get("exited")).contains("women"), male.toString());
        assertEquals(List.of("party_season"), texts(male.get("offersGone")));
        assertEquals("service", male.get("origin").asText());

        JsonNode c = json(shop.get("stina", "/api/customers/" + id), 200);
        JsonNode gender = find(c.get("attributes"), "name", "gender");
        assertEquals("male", gender.get("value").asText());
        assertEquals("staff", gender.get("source").asText());
        assertEquals(ConsoleFixture.NOW.toString(), gender.get("time").asText());
        JsonNode offers = json(shop.get("stina", "/api/customers/" + id + "/offers"), 200);
        JsonNode not = find(offers.get("notOffered"), "program", "party_season");
        assertTrue(texts(not.get("mayHoldBack")).stream().anyMatch(r -> r.contains("now: gender = male (staff)")),
                not.toString());

        JsonNode badName = json(shop.post("stina", "/api/customers/" + id + "/corrections",
                "{\"attribute\": \"shoe size!\", \"value\": 42}"), 400);
        assertEquals("attribute", badName.get("field").asText());
        JsonNode noValue = json(shop.post("stina", "/api/customers/" + id + "/corrections",
                "{\"attribute\": \"gender\"}"), 400);
        assertEquals("value", noValue.get("field").asText());
        JsonNode badDate = json(shop.post("stina", "/api/customers/" + id + "/corrections",
                "{\"attribute\": \"birthday\", \"value\": {\"date\": \"1990-02-31\"}}"), 400);
        assertEquals("value.date", badDate.get("field").asText());
    }

    @Test
    void complaintAndNote_landOnTheTimeline_andTheComplaintStartsCare() {
        String id = member(11);
        JsonNode complaint = json(shop.post("stina", "/api/customers/" + id + "/complaints",
                "{\"reason\": \"the tent leaked\", \"sku\": \"tent-2p\", \"origin\": \"service\"}"), 200);
        JsonNode care = find(complaint.get("messages"), "program", "complaint_care");
        assertNotNull(care.get("status"));
        json(shop.post("stina", "/api/customers/" + id + "/notes", "{\"text\": \"prefers phone calls\"}"), 200);
        JsonNode t = json(shop.get("stina", "/api/customers/" + id + "/timeline"), 200);
        assertTrue(find(t.get("entries"), "kind", "note").get("summary").asText().contains("prefers phone calls"));
        assertTrue(find(t.get("entries"), "kind", "complaint").get("summary").asText().contains("the tent leaked"));

        String tooLong = "x".repeat(2_001);
        JsonNode refused = json(shop.post("stina", "/api/customers/" + id + "/notes", "{\"text\": \"" + tooLong + "\"}"),
                400);
        assertEquals("text", refused.get("field").asText());
        assertTrue(refused.get("error").asText().contains("2000"), refused.toString());
    }

    @Test
    void survey_goesThroughTheGuards_consentForServiceDecides() {
        JsonNode kari = json(shop.post("stina", "/api/customers/" + kari() + "/surveys", "{\"topic\": \"delivery\"}"),
                200);
        JsonNode asked = find(kari.get("messages"), "program", "service_survey");
        assertEquals("pending", asked.get("status").asText(), asked.toString());

        JsonNode member = json(shop.post("stina", "/api/customers/" + member(3) + "/surveys", "{}"), 200);
        JsonNode held = find(member.get("messages"), "program", "service_survey");
        assertEquals("suppressed", held.get("status").asText(), held.toString());
        assertEquals("no_usable_channel", held.get("suppression").get("guard").asText());
    }

    @Test
    void programs_showVariantsAgainstControl_withUpliftAndInterval() {
        JsonNode all = json(shop.get("marta", "/api/programs"), 200);
        JsonNode welcome = find(all.get("programs"), "name", "welcome");
        List<String> labels = new ArrayList<>();
        welcome.get("groups").forEach(g -> labels.add(g.get("label").asText()));
        assertTrue(labels.containsAll(List.of("warm", "short", "control")), labels.toString());
        JsonNode warm = find(welcome.get("groups"), "label", "warm");
        assertTrue(warm.get("sent").asLong() > 0);
        assertEquals(0.95, warm.get("uplift").get("confidence").asDouble());
        assertTrue(warm.get("uplift").has("lower"));
        JsonNode control = find(welcome.get("groups"), "label", "control");
        assertTrue(control.get("decided").asLong() > 0 && control.get("sent").asLong() == 0, control.toString());
        assertTrue(welcome.get("suppressions").get("control_group").asLong() > 0);
        assertEquals(welcome, json(shop.get("marta", "/api/programs/welcome"), 200));
        assertEquals(404, shop.get("marta", "/api/programs/nothing_like_it").statusCode());
    }

    @Test
    void segmentSizesAndChannelUse_areCounts() {
        JsonNode sizes = json(shop.get("marta", "/api/segments"), 200);
        assertTrue(sizes.get("customers").asLong() >= 62);
        assertTrue(sizes.get("sizes").get("omnichannel").asLong() >= 30, sizes.toString());
        assertTrue(sizes.get("history").size() >= 1);
        JsonNode use = json(shop.get("marta", "/api/channel-use"), 200);
        JsonNode omni = find(use.get("groups"), "segment", "omnichannel");
        JsonNode single = find(use.get("groups"), "segment", "single_channel");
        assertTrue(omni.get("customers").asLong() > 0 && single.get("customers").asLong() > 0, use.toString());
        assertTrue(omni.get("sent").asLong() > 0);
    }

    @Test
    void definitions_checkedWithDiagnostics_dryLoaded_andReloadedByAnAdminOnly() throws Exception {
        JsonNode loaded = json(shop.get("marta", "/api/definitions"), 200);
        String text = loaded.get("text").asText();
        assertTrue(text.contains("program party_season"), text);
        assertEquals(4, loaded.get("programs").asInt());

        String broken = text.replace("attribute gender == \"female\"", "attribute gender === \"female\"");
        JsonNode errors = json(shop.post("marta", "/api/definitions/check", body(broken)), 200);
        assertFalse(errors.get("loadable").asBoolean());
        JsonNode first = errors.get("diagnostics").get(0);
        assertEquals("error", first.get("severity").asText());
        assertTrue(first.get("line").asInt() > 1 && first.get("column").asInt() > 1, first.toString());

        String changed = text.substring(0, text.indexOf("program complaint_care")).strip() + "\n";
        JsonNode check = json(shop.post("marta", "/api/definitions/check", body(changed)), 200);
        assertTrue(check.get("loadable").asBoolean(), check.toString());
        assertTrue(texts(check.get("changes")).contains("program complaint_care removed"), check.toString());
        assertTrue(check.has("dryLoad"));
        assertEquals(4, shop.engine.definitions().programs().size(), "a check loads nothing");

        assertEquals(403, shop.post("marta", "/api/definitions/reload", body(changed)).statusCode());
        JsonNode refused = json(shop.post("ada", "/api/definitions/reload", body(broken)), 422);
        assertFalse(refused.get("loaded").asBoolean());
        assertEquals(4, shop.engine.definitions().programs().size());

        JsonNode reloaded = json(shop.post("ada", "/api/definitions/reload", body(changed)), 200);
        assertTrue(reloaded.get("loaded").asBoolean());
        assertEquals(3, shop.engine.definitions().programs().size());
        json(shop.post("ada", "/api/definitions/reload", body(text)), 200);
        assertEquals(4, shop.engine.definitions().programs().size());
    }

    private static String body(String text) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("text", text));
    }

    @Test
    void roles_signInAndContentType_areEnforced() {
        String id = kari();
        assertEquals(403, shop.get("marta", "/api/customers/" + id).statusCode(), "marketers see no single customer");
        assertEquals(403, shop.get("stina", "/api/programs").statusCode(), "staff see one customer at a time");
        assertEquals(403, shop.post("stina", "/api/events", "{}").statusCode());
        assertEquals(200, shop.get("ada", "/api/customers/" + id).statusCode(), "an admin may do everything");

        HttpResponse<String> anonymous = shop.send(HttpRequest.newBuilder(shop.uri("/api/programs")).GET().build());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        HttpResponse<String> wrong = shop.send(HttpRequest.newBuilder(shop.uri("/api/programs"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("marta:nope".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))).GET().build());
        assertEquals(401, wrong.statusCode());

        HttpResponse<String> plain = shop.send(HttpRequest.newBuilder(shop.uri("/api/customers/" + id + "/notes"))
                .header("Authorization", ConsoleFixture.basic("stina")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"x\"}")).build());
        assertEquals(415, plain.statusCode(), "no cross-site form can post to the API");
        assertEquals(405, shop.get("ada", "/api/events").statusCode());
        JsonNode missing = json(shop.get("stina", "/api/nothing"), 404);
        assertEquals(404, missing.get("status").asInt());
        JsonNode malformed = json(shop.post("stina", "/api/customers/lookup", "{\"identity\": "), 400);
        assertTrue(malformed.get("error").asText().startsWith("malformed JSON"), malformed.toString());
    }
}
