package io.relevans.console.internal.web;

import io.relevans.console.internal.desk.Aggregates;
import io.relevans.console.internal.desk.CustomerDesk;
import io.relevans.console.internal.desk.DefinitionsDesk;
import io.relevans.console.internal.desk.Settings;
import io.relevans.console.internal.http.Route;
import java.util.ArrayList;
import java.util.List;

/** Every route of the console: the pages, the sign-in when the console has its own users, and the API. */
public final class Routes {

    private Routes() {
    }

    /** The routes over the desks. */
    public static List<Route> all(Settings s, CustomerDesk customers, Aggregates aggregates, DefinitionsDesk definitions) {
        Layout layout = new Layout(s.title(), s.users().isPresent());
        List<Route> out = new ArrayList<>();
        out.addAll(new Home(layout).routes());
        s.users().ifPresent(u -> out.addAll(new SignInPages(layout, u).routes()));
        out.addAll(new CustomerPages(layout, customers).routes());
        out.addAll(new MarketerPages(layout, aggregates, s.engine()).routes());
        out.addAll(new DefinitionPages(layout, definitions, s.engine(), s.backtest().isPresent()).routes());
        out.addAll(new Api(s.engine(), customers, aggregates, definitions).routes());
        return List.copyOf(out);
    }

    /** An error page: the status and the message, in the console's frame. */
    public static String errorPage(Settings s, io.relevans.console.internal.http.Exchange x, int status, String message) {
        io.relevans.console.internal.http.Html h = new io.relevans.console.internal.http.Html();
        h.raw("<p class=\"problem\" id=\"error\">").text(message).raw("</p><p><a").attr("href", x.link("/"))
                .raw(">Back to the start</a></p>");
        return new Layout(s.title(), s.users().isPresent()).page(x, status == 404 ? "Not found" : status == 403
                ? "Not allowed" : status >= 500 ? "Something went wrong" : "Cannot do that", "error", h);
    }
}
