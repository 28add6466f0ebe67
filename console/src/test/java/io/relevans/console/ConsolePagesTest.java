package io.relevans.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.console.spi.Authenticator;
import io.relevans.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages over real HTTP, as a browser without script would use them (S12, S18, S22): sign-in, search by a
 * form so that no identity is in an address, escaped customer data, form tokens, roles, the security headers,
 * logs without personal data, and a console mounted under an application's own path with its sign-in.
 */
class ConsolePagesTest {

    private static ConsoleFixture shop;

    @BeforeAll
    static void start() {
        shop = ConsoleFixture.start();
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    private static HttpResponse<String> get(HttpClient client, String path) {
        return ConsoleFixture.send(client, HttpRequest.newBuilder(shop.uri(path)).GET().build());
    }

    /** Finds the customer by the search form; the page's path. */
    private static String find(HttpClient client, String token, String type, String value) {
        HttpResponse<String> r = ConsoleFixture.send(client, shop.form("/customers/search",
                Map.of("_csrf", token, "type", type, "value", value)));
        assertEquals(303, r.statusCode(), r.body());
        return r.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void aStaffMember_findsByLoyaltyNumber_withoutTheNumberInAnyAddress_andCorrectsGender() {
        HttpClient browser = ConsoleFixture.cookies();
        HttpResponse<String> first = get(browser, "/customers");
        assertEquals(303, first.statusCode());
        assertEquals("/login", first.headers().firstValue("Location").orElseThrow());

        try (LogCapture logs = LogCapture.start()) {
            String token = shop.signIn(browser, "stina");
            String page = find(browser, token, "loyalty_number", ConsoleFixture.KARI_LOYALTY);
            assertTrue(page.startsWith("/customers/c-"), page);
            assertFalse(page.contains(ConsoleFixture.KARI_LOYALTY) || page.contains("?"), page);
            String before = get(browser, page).body();
            assertTrue(before.contains("data-program=\"party_season\""), "the offer is there before");
            assertTrue(before.contains("tent-2p") && before.contains(">store<"), "the store purchase is on the timeline");

            HttpResponse<String> corrected = ConsoleFixture.send(browser, shop.form(page + "/correction",
                    Map.of("_csrf", token, "attribute", "gender", "value", "male", "origin", "store")));
            assertEquals(303, corrected.statusCode(), corrected.body());
            String after = get(browser, page).body();
            assertTrue(after.contains("No longer offered: party_season"), after);
            assertTrue(after.contains("Left segments: women"), after);
            String offers = after.substring(after.indexOf("id=\"offers\""), after.indexOf("Not offered now"));
            assertFalse(offers.contains("party_season"), offers);
            assertTrue(after.contains("data-attribute=\"gender\""));
            String log = logs.text();
            for (String personal : List.of(ConsoleFixture.KARI_EMAIL, "91234567", "loyalty_number:7", "kari.nordmann")) {
                assertFalse(log.contains(personal), "personal data in the log: " + personal);
            }
            assertTrue(log.contains("stina corrected attribute gender of customer c-"), log);
        }
    }

    @Test
    void hostileCustomerData_showsAsText() {
        HttpClient browser = ConsoleFixture.cookies();
        String token = shop.signIn(browser, "stina");
        String body = get(browser, find(browser, token, "loyalty_number", ConsoleFixture.HOSTILE_LOYALTY)).body();
        assertTrue(body.contains("&lt;script&gt;window.hostile=1&lt;/script&gt;"), "the attribute shows as text");
        assertFalse(body.contains("<script>window.hostile"), "no customer markup reaches the page as markup");
        assertFalse(body.contains("<img src=x"), body);
        assertEquals(1, body.split("<script", -1).length - 1, "only the console's own script tag");
    }

    @Test
    void forms_needTheSessionsToken_andRolesHold() {
        HttpClient browser = ConsoleFixture.cookies();
        String token = shop.signIn(browser, "stina");
        HttpResponse<String> forged = ConsoleFixture.send(browser, shop.form("/customers/search",
                Map.of("type", "loyalty_number", "value", ConsoleFixture.KARI_LOYALTY)));
        assertEquals(403, forged.statusCode());
        HttpResponse<String> wrongToken = ConsoleFixture.send(browser, shop.form("/customers/search",
                Map.of("_csrf", token + "x", "type", "loyalty_number", "value", ConsoleFixture.KARI_LOYALTY)));
        assertEquals(403, wrongToken.statusCode());
        assertEquals(403, get(browser, "/programs").statusCode(), "staff see no aggregates");
        HttpResponse<String> unknown = ConsoleFixture.send(browser, shop.form("/customers/search",
                Map.of("_csrf", token, "type", "email", "value", "no.one@example.com")));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("No customer has that email."));

        HttpClient marketer = ConsoleFixture.cookies();
        shop.signIn(marketer, "marta");
        HttpResponse<String> programs = get(marketer, "/programs");
        assertEquals(200, programs.statusCode());
        assertTrue(programs.body().contains("data-group=\"control\"") && programs.body().contains("data-group=\"warm\""));
        assertEquals(403, get(marketer, "/customers").statusCode(), "marketers see no customer");
        assertTrue(get(marketer, "/programs/welcome").body().contains("split warm 50% -&gt; warm"));
        assertTrue(get(marketer, "/segments").body().contains("data-segment=\"omnichannel\""));
        assertTrue(get(marketer, "/definitions").body().contains("program party_season"));

        String policy = programs.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
        assertEquals("no-store", programs.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void signIn_withAWrongPassword_isRefused_andSignOutEndsTheSession() {
        HttpClient browser = ConsoleFixture.cookies();
        String token = ConsoleFixture.token(get(browser, "/login").body());
        HttpResponse<String> wrong = ConsoleFixture.send(browser, shop.form("/login",
                Map.of("_csrf", token, "name", "stina", "password", "guess-again")));
        assertEquals(401, wrong.statusCode());
        String session = shop.signIn(browser, "stina");
        assertEquals(200, get(browser, "/customers").statusCode());
        assertEquals(303, ConsoleFixture.send(browser, shop.form("/logout", Map.of("_csrf", session))).statusCode());
        assertEquals(303, get(browser, "/customers").statusCode());
    }

    @Test
    void mountedUnderTheApplicationsPath_withItsSignIn() throws Exception {
        Authenticator host = request -> Optional.ofNullable(request.getHeader("X-Shop-User"))
                .map(name -> ConsoleUser.of(name, Role.STAFF));
        Console hosted = Console.builder().engine(shop.engine).storage(shop.storage).archive(shop.archive)
                .clock(shop.clock).authenticator(host).build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler app = new ServletContextHandler(ServletContextHandler.SESSIONS);
        app.setContextPath("/shop");
        app.addServlet(new ServletHolder(hosted.servlet()), "/console/*");
        server.setHandler(app);
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/shop/console/");
            HttpClient client = ConsoleFixture.cookies();
            HttpResponse<String> anonymous = ConsoleFixture.send(client, HttpRequest.newBuilder(base.resolve("customers"))
                    .GET().build());
            assertEquals(401, anonymous.statusCode(), "the application signs people in, not the console");
            HttpResponse<String> page = ConsoleFixture.send(client, HttpRequest.newBuilder(base.resolve("customers"))
                    .header("X-Shop-User", "kasse-3").GET().build());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("href=\"/shop/console/assets/console.css\""), "links follow the mount");
            assertTrue(page.body().contains("action=\"/shop/console/customers/search\""));
            String token = ConsoleFixture.token(page.body());
            HttpResponse<String> found = ConsoleFixture.send(client, HttpRequest.newBuilder(base.resolve(
                    "customers/search")).header("X-Shop-User", "kasse-3")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&type=loyalty_number&value="
                            + ConsoleFixture.KARI_LOYALTY)).build());
            assertEquals(303, found.statusCode(), found.body());
            assertTrue(found.headers().firstValue("Location").orElseThrow().startsWith("/shop/console/customers/c-"));
        } finally {
            server.stop();
        }
    }
}
