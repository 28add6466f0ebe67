package io.relevans.console.internal.web;

import io.relevans.console.ConsoleUser;
import io.relevans.console.Role;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.Html;
import io.relevans.console.internal.http.HttpError;
import io.relevans.console.internal.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The start page by role, and the console's own script and style sheet. */
final class Home {

    private static final Map<String, String> ASSETS = Map.of("console.css", "text/css;charset=utf-8",
            "console.js", "text/javascript;charset=utf-8");

    private final Layout layout;

    Home(Layout layout) {
        this.layout = layout;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/", Set.of(Role.STAFF, Role.MARKETER), false, this::home),
                new Route("GET", "/assets/{name}", Set.of(), false, Home::asset));
    }

    private void home(Exchange x) {
        ConsoleUser u = x.user().orElseThrow();
        Html h = new Html();
        h.raw("<div class=\"grid\">");
        if (u.may(Role.STAFF)) {
            h.raw("<section class=\"card\"><h2><a").attr("href", x.link("/customers")).raw(">Customers</a></h2>")
                    .raw("<p>Find a customer by loyalty number, email or phone: one timeline of every touchpoint, "
                            + "segments and offers with why, corrections from the meeting, complaints, notes and the "
                            + "satisfaction survey (S12, S14, S20, S22).</p></section>");
        }
        if (u.may(Role.MARKETER)) {
            h.raw("<section class=\"card\"><h2><a").attr("href", x.link("/programs")).raw(">Programs</a></h2>")
                    .raw("<p>Live figures per variant against control, uplift with confidence intervals, suppressions "
                            + "by guard (S2, S4, S5, S9).</p></section>");
            h.raw("<section class=\"card\"><h2><a").attr("href", x.link("/segments")).raw(">Segments</a></h2>")
                    .raw("<p>Sizes over time, suppressions by guard, omnichannel against single-channel customers "
                            + "(S17).</p></section>");
            h.raw("<section class=\"card\"><h2><a").attr("href", x.link("/definitions")).raw(">Definitions</a></h2>")
                    .raw("<p>Segments and programs in the Relevans language with their diagnostics; check a change, "
                            + "then reload.</p></section>");
        }
        h.raw("<section class=\"card\"><h2><a").attr("href", x.link("/api/openapi.json")).raw(">REST API</a></h2>")
                .raw("<p>The same as JSON, described as OpenAPI.</p></section>");
        h.raw("</div>");
        x.html(200, layout.page(x, "Welcome, " + u.name(), "home", h));
    }

    private static void asset(Exchange x) {
        String name = x.path("name");
        String type = ASSETS.get(name);
        if (type == null) {
            throw HttpError.notFound("no such file");
        }
        try (InputStream in = Home.class.getResourceAsStream("/io/relevans/console/assets/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the console's jar");
            }
            x.response().setStatus(200);
            x.response().setContentType(type);
            x.response().setHeader("Cache-Control", "max-age=300");
            in.transferTo(x.response().getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
