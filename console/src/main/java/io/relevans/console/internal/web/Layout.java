package io.relevans.console.internal.web;

import io.relevans.console.ConsoleUser;
import io.relevans.console.Role;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.Html;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The frame of every page: title, navigation by role, the signed-in user and a sign-out button, the page's
 * content and a flash message kept from the request before. No inline script or style: the content security
 * policy allows only the console's own files.
 */
final class Layout {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String title;
    private final boolean signOut;

    /** A frame with the console's title; {@code signOut} when the console has its own users. */
    Layout(String title, boolean signOut) {
        this.title = title;
        this.signOut = signOut;
    }

    /** A whole page. */
    String page(Exchange x, String heading, String area, Html content) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>").text(heading + " · " + title).raw("</title>")
                .raw("<link rel=\"stylesheet\"").attr("href", x.link("/assets/console.css")).raw(">")
                .raw("<script defer").attr("src", x.link("/assets/console.js")).raw("></script>")
                .raw("</head><body").attr("data-base", x.base()).raw(">");
        h.raw("<header><a class=\"brand\"").attr("href", x.link("/")).raw(">").text(title).raw("</a><nav>");
        Optional<ConsoleUser> user = x.user();
        if (user.isPresent()) {
            if (user.get().may(Role.STAFF)) {
                nav(h, x, "/customers", "Customers", area.equals("customers"));
            }
            if (user.get().may(Role.MARKETER)) {
                nav(h, x, "/programs", "Programs", area.equals("programs"));
                nav(h, x, "/segments", "Segments", area.equals("segments"));
                nav(h, x, "/definitions", "Definitions", area.equals("definitions"));
            }
            h.raw("</nav><div class=\"who\"><span class=\"user\">").text(user.get().name()).raw("</span> <span class=\"roles\">")
                    .text(roles(user.get())).raw("</span>");
            if (signOut) {
                h.raw("<form method=\"post\" class=\"inline\"").attr("action", x.link("/logout")).raw(">")
                        .hidden("_csrf", x.csrf()).raw("<button type=\"submit\" class=\"link\">Sign out</button></form>");
            }
            h.raw("</div>");
        } else {
            h.raw("</nav>");
        }
        h.raw("</header><main>");
        h.el("h1", heading);
        x.takeFlash().ifPresent(f -> {
            h.raw("<div class=\"flash\" id=\"flash\" role=\"status\">");
            for (String line : f.split("\n")) {
                h.el("p", line);
            }
            h.raw("</div>");
        });
        h.raw(content.toString());
        h.raw("</main></body></html>\n");
        return h.toString();
    }

    private static void nav(Html h, Exchange x, String path, String label, boolean active) {
        h.raw("<a").attr("href", x.link(path)).raw(active ? " class=\"active\"" : "").raw(">").text(label).raw("</a>");
    }

    private static String roles(ConsoleUser u) {
        return String.join(", ", u.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList());
    }

    /** A time for people, in UTC. */
    static String when(Instant t) {
        return WHEN.format(t) + " UTC";
    }

    /** An age for people: days, or years and days. */
    static String age(long days) {
        if (days < 1) {
            return "today";
        }
        if (days < 365) {
            return days + (days == 1 ? " day" : " days");
        }
        return String.format(Locale.ROOT, "%.1f years", days / 365.0);
    }

    /** A duration for people. */
    static String duration(Duration d) {
        return d.toDays() >= 1 ? age(d.toDays()) : d.toHours() + " h";
    }

    /** A rate as a percentage, or "-" when it is not a number. */
    static String percent(double rate) {
        return Double.isFinite(rate) ? String.format(Locale.ROOT, "%.1f%%", rate * 100) : "-";
    }

    /** A count with thousands separated. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A table's header row. */
    static void head(Html h, List<String> columns) {
        h.raw("<thead><tr>");
        columns.forEach(c -> h.el("th", c));
        h.raw("</tr></thead>");
    }
}
