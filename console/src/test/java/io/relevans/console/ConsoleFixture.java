package io.relevans.console;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.definition.Definitions;
import io.relevans.dsl.Relang;
import io.relevans.event.Event;
import io.relevans.event.EventType;
import io.relevans.event.Origin;
import io.relevans.spi.EventArchive;
import io.relevans.spi.InMemoryChannel;
import io.relevans.spi.SimpleTemplates;
import io.relevans.spi.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small shop with a console on a real port: an engine on a virtual clock with an event archive, the
 * definitions of {@code fixture/shop.rel}, 60 members who signed up over three weeks (half of them also in the
 * app, a third bought after the welcome), Kari who looked at party dresses twice and bought in a store, and a
 * customer whose data is hostile markup. Users: {@code stina} (staff), {@code marta} (marketer), {@code ada}
 * (admin), all with the password {@link #PASSWORD}.
 */
final class ConsoleFixture implements AutoCloseable {

    static final String PASSWORD = "console-test-password";
    static final Instant NOW = Instant.parse("2026-03-23T10:00:00Z");
    static final String KARI_LOYALTY = "7001";
    static final String KARI_EMAIL = "kari.nordmann@example.com";
    static final String KARI_PHONE = "+4791234567";
    static final String HOSTILE_LOYALTY = "6666";
    static final String HOSTILE = "<script>window.hostile=1</script><img src=x onerror=\"window.hostile=2\">";

    final VirtualClock clock = VirtualClock.at(NOW.minus(Duration.ofDays(21)));
    final Storage storage = Storage.inMemory();
    final EventArchive archive = EventArchive.inMemory();
    final InMemoryChannel email = new InMemoryChannel(Channel.EMAIL, IdentityType.EMAIL);
    final Relevans engine;
    final Console console;
    final ConsoleServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int events;

    private ConsoleFixture() {
        Definitions definitions;
        try {
            definitions = Relang.loadClasspath(ConsoleFixture.class.getClassLoader(), "fixture").orThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SimpleTemplates templates = SimpleTemplates.builder()
                .template("party_dresses", "New party dresses", "The season's dresses are in.")
                .template("welcome_warm", "Welcome!", "Good to have you with us.")
                .template("welcome_short", "Welcome", "Welcome.")
                .template("support_survey", "How did we do?", "Answer 1-5.")
                .template("complaint_received", "We are on it", "We are sorry.")
                .build();
        engine = Relevans.builder().clock(clock).storage(storage).archive(archive).channel(email).templates(templates)
                .definitions(definitions).build();
        seed();
        console = Console.builder().engine(engine).storage(storage).archive(archive).clock(clock).templates(templates)
                .refreshEvery(Duration.ZERO).title("Shop console")
                .users(UserList.builder().user("stina", PASSWORD, Role.STAFF).user("marta", PASSWORD, Role.MARKETER)
                        .user("ada", PASSWORD, Role.ADMIN).build())
                .build();
        server = ConsoleServer.start(console, new InetSocketAddress("127.0.0.1", 0));
    }

    /** The shop, seeded, served. */
    static ConsoleFixture start() {
        return new ConsoleFixture();
    }

    private void seed() {
        Instant t0 = clock.instant();
        for (int i = 0; i < 60; i++) {
            Identity who = Identity.email("member" + i + "@example.com");
            Instant at = t0.plus(Duration.ofHours(6L * i));
            ingest(Event.builder(EventType.CONSENT_CHANGE, who, at).property("channel", "email")
                    .property("purpose", "marketing").property("granted", true).build());
            ingest(Event.builder(EventType.SIGNUP, who, at.plusSeconds(60)).build());
            ingest(Event.builder(EventType.PRODUCT_VIEW, who, at.plusSeconds(120)).property("sku", "tent-2p")
                    .property("category", "tents").build());
            if (i % 2 == 0) {
                ingest(Event.builder(EventType.PRODUCT_VIEW, who, at.plusSeconds(180)).origin(Origin.APP)
                        .property("sku", "tent-3p").property("category", "tents").build());
            }
            if (i % 3 == 0) {
                ingest(Event.builder(EventType.PURCHASE, who, at.plus(Duration.ofDays(1))).line("tent-2p", "tents",
                        1990, 1).build());
            }
        }
        Identity kari = Identity.loyalty(KARI_LOYALTY);
        Instant k = NOW.minus(Duration.ofDays(3));
        ingest(Event.builder(EventType.SIGNUP, kari, k).origin(Origin.STORE).link(Identity.email(KARI_EMAIL))
                .link(Identity.phone(KARI_PHONE)).build());
        for (String purpose : new String[] {"marketing", "service", "surveys"}) {
            ingest(Event.builder(EventType.CONSENT_CHANGE, kari, k.plusSeconds(30)).property("channel", "email")
                    .property("purpose", purpose).property("granted", true).build());
        }
        ingest(Event.builder(EventType.ATTRIBUTE_CONFIRMED, kari, k.plusSeconds(60)).property("attribute", "gender")
                .property("value", "female").build());
        ingest(Event.builder(EventType.ATTRIBUTE_CONFIRMED, kari, NOW.minus(Duration.ofDays(5 * 365)))
                .property("attribute", "has_children").property("value", false).build());
        ingest(Event.builder(EventType.STORE_VISIT, kari, k.plus(Duration.ofHours(1))).origin(Origin.STORE)
                .property("store", "oslo-storo").build());
        ingest(Event.builder(EventType.PURCHASE, kari, k.plus(Duration.ofHours(1)).plusSeconds(600)).origin(Origin.STORE)
                .property("store", "oslo-storo").line("tent-2p", "tents", 1990, 1).build());
        ingest(Event.builder(EventType.REVIEW, kari, k.plus(Duration.ofDays(1))).property("rating", 4)
                .property("store", "oslo-storo").build());
        ingest(Event.builder(EventType.SUPPORT_CONTACT, kari, k.plus(Duration.ofDays(1)).plusSeconds(3600))
                .origin(Origin.SERVICE).property("topic", "delivery").build());
        ingest(Event.builder(EventType.PRODUCT_VIEW, kari, k.plus(Duration.ofDays(2))).property("sku", "dress-red")
                .property("category", "party_dresses").build());
        ingest(Event.builder(EventType.PRODUCT_VIEW, kari, k.plus(Duration.ofDays(2)).plusSeconds(300))
                .origin(Origin.APP).property("sku", "dress-blue").property("category", "party_dresses").build());

        Identity hostile = Identity.loyalty(HOSTILE_LOYALTY);
        Instant h = NOW.minus(Duration.ofDays(1));
        ingest(Event.builder(EventType.SIGNUP, hostile, h).link(Identity.email("hostile@example.com")).build());
        ingest(Event.builder(EventType.ATTRIBUTE_CONFIRMED, hostile, h.plusSeconds(60)).property("attribute", "first_name")
                .property("value", HOSTILE).build());
        ingest(Event.builder(EventType.PRODUCT_VIEW, hostile, h.plusSeconds(120)).property("sku", HOSTILE)
                .property("category", "party_dresses").build());
        ingest(Event.builder(EventType.of("note"), hostile, h.plusSeconds(180)).origin(Origin.SERVICE)
                .property("text", HOSTILE).build());
        clock.advanceTo(NOW);
        engine.tick();
    }

    private void ingest(Event event) {
        if (event.time().isAfter(clock.instant())) {
            clock.advanceTo(event.time());
            engine.tick();
        }
        engine.ingest(event);
        events++;
    }

    /** The console's address. */
    URI uri(String path) {
        return server.uri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** A GET by HTTP Basic. */
    HttpResponse<String> get(String user, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user)).GET().build());
    }

    /** A POST of JSON by HTTP Basic. */
    HttpResponse<String> post(String user, String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic(user))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** A browser-like client: cookies kept, redirects not followed. */
    static HttpClient cookies() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs the client in through the form; returns the session's form token. */
    String signIn(HttpClient client, String user) {
        String token = token(send(client, HttpRequest.newBuilder(uri("/login")).GET().build()).body());
        HttpResponse<String> r = send(client, form("/login", Map.of("_csrf", token, "name", user, "password", PASSWORD)));
        if (r.statusCode() != 303) {
            throw new IllegalStateException("sign-in of " + user + " answered " + r.statusCode());
        }
        return token(send(client, HttpRequest.newBuilder(uri("/")).GET().build()).body());
    }

    /** A form POST. */
    HttpRequest form(String path, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    /** The form token in a page. */
    static String token(String page) {
        Matcher m = TOKEN.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no form token in the page");
        }
        return m.group(1);
    }

    /** How many events the seed ingested. */
    int seeded() {
        return events;
    }

    @Override
    public void close() {
        server.close();
    }
}
