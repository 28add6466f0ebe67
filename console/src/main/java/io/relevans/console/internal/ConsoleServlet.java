package io.relevans.console.internal;

import io.relevans.console.ConsoleUser;
import io.relevans.console.internal.desk.Aggregates;
import io.relevans.console.internal.desk.CustomerDesk;
import io.relevans.console.internal.desk.DefinitionsDesk;
import io.relevans.console.internal.desk.Settings;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.HttpError;
import io.relevans.console.internal.http.Route;
import io.relevans.console.internal.web.Routes;
import io.relevans.console.internal.web.SignInPages;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console as one servlet: finds the route, signs the user in (the console's own users from the session or
 * HTTP Basic, or the application's {@code Authenticator}), checks the route's roles and, for a form, the
 * session's form token, then answers. Every answer carries a content security policy that allows only the
 * console's own script and style, and is never cached. Logs each request at DEBUG with the route's template,
 * never the path's values or a query.
 */
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' "
            + "data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final transient Settings settings;
    private final transient Aggregates aggregates;
    private final transient List<Route> routes;

    /** The console of the settings. */
    public ConsoleServlet(Settings settings) {
        this.settings = settings;
        this.aggregates = new Aggregates(settings);
        this.routes = Routes.all(settings, new CustomerDesk(settings), aggregates, new DefinitionsDesk(settings));
    }

    /** The marketers' figures. */
    public Aggregates aggregates() {
        return aggregates;
    }

    /** Every route, pages and API. */
    public List<Route> routes() {
        return routes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        List<String> segments = Route.split(path);
        boolean api = path.startsWith("/api/") || path.equals("/api");
        Route route = null;
        Map<String, String> params = Map.of();
        TreeSet<String> allowed = new TreeSet<>();
        for (Route r : routes) {
            Optional<Map<String, String>> m = r.match(segments);
            if (m.isPresent()) {
                allowed.add(r.method());
                if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET"))) {
                    route = r;
                    params = m.get();
                    break;
                }
            }
        }
        ConsoleUser user = null;
        Exchange x = new Exchange(request, response, null, params);
        try {
            if (route == null) {
                if (!allowed.isEmpty()) {
                    response.setHeader("Allow", String.join(", ", allowed));
                    throw new HttpError(405, null, "use " + String.join(" or ", allowed) + " here");
                }
                throw HttpError.notFound("nothing here");
            }
            user = user(request, route.api()).orElse(null);
            x = new Exchange(request, response, user, params);
            if (!route.open()) {
                if (user == null) {
                    unauthenticated(x, route);
                    return;
                }
                ConsoleUser u = user;
                if (route.roles().stream().noneMatch(u::may)) {
                    throw new HttpError(403, null, "this needs the role " + String.join(" or ", route.roles().stream()
                            .map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList()));
                }
            }
            if (method.equals("POST")) {
                if (route.api()) {
                    String type = request.getContentType();
                    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                        throw new HttpError(415, null, "send the body as application/json");
                    }
                } else if (!x.csrfMatches()) {
                    throw new HttpError(403, "_csrf", "the form has expired or came from elsewhere; open the page "
                            + "again and repeat");
                }
            }
            route.handler().handle(x);
            LOG.debug("{} {} by {}: {}", method, route.template(), x.userName(), response.getStatus());
        } catch (HttpError e) {
            error(x, api, e.status(), e.field().orElse(null), String.valueOf(e.getMessage()));
            LOG.debug("{} {} refused: {} {}", method, route == null ? "(no route)" : route.template(), e.status(),
                    e.getMessage());
        } catch (Exception e) {
            LOG.error("console request {} {} failed", method, route == null ? "(no route)" : route.template(), e);
            error(x, api, 500, null, "the console failed to answer; the error is in its log");
        }
    }

    private void error(Exchange x, boolean api, int status, @Nullable String field, String message) {
        if (x.response().isCommitted()) {
            return;
        }
        String challenge = x.response().getHeader("WWW-Authenticate");
        String allow = x.response().getHeader("Allow");
        x.response().reset();
        if (challenge != null) {
            x.response().setHeader("WWW-Authenticate", challenge);
        }
        if (allow != null) {
            x.response().setHeader("Allow", allow);
        }
        x.response().setHeader("Content-Security-Policy", POLICY);
        x.response().setHeader("X-Content-Type-Options", "nosniff");
        x.response().setHeader("Cache-Control", "no-store");
        if (api) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("status", status);
            o.put("error", message);
            if (field != null) {
                o.put("field", field);
            }
            x.json(status, o);
        } else {
            x.html(status, Routes.errorPage(settings, x, status, field == null || field.equals("_csrf") ? message
                    : message + " (field " + field + ")"));
        }
    }

    /** Asks to sign in: 401 for the API, the sign-in form for pages of a console with its own users. */
    private void unauthenticated(Exchange x, Route route) {
        if (settings.users().isPresent() && !route.api()) {
            if (x.request().getMethod().equals("GET")) {
                String next = x.request().getPathInfo() == null ? "/" : x.request().getPathInfo();
                x.request().getSession(true).setAttribute(SignInPages.NEXT, next);
            }
            x.redirect("/login");
            return;
        }
        if (settings.users().isPresent()) {
            x.response().setHeader("WWW-Authenticate", "Basic realm=\"Relevans console\", charset=\"UTF-8\"");
        }
        throw new HttpError(401, null, settings.users().isPresent() ? "sign in: HTTP Basic with a console user"
                : "sign in through the application first");
    }

    /** The signed-in user: the application's, or the console's own from the session or HTTP Basic. */
    private Optional<ConsoleUser> user(HttpServletRequest request, boolean api) {
        if (settings.authenticator().isPresent()) {
            return settings.authenticator().get().user(request);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SignInPages.USER) instanceof ConsoleUser u) {
            return Optional.of(u);
        }
        String auth = request.getHeader("Authorization");
        if (api && auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                return settings.users().get().check(decoded.substring(0, colon), decoded.substring(colon + 1));
            }
        }
        return Optional.empty();
    }
}
