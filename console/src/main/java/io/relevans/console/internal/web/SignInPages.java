package io.relevans.console.internal.web;

import io.relevans.console.ConsoleUser;
import io.relevans.console.UserList;
import io.relevans.console.internal.http.Exchange;
import io.relevans.console.internal.http.Html;
import io.relevans.console.internal.http.Route;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with the console's own users: a form (with the session's form token, so no other site can sign
 * someone in), a new session id once signed in, and sign-out. The signed-in user lives in the session.
 */
public final class SignInPages {

    /** The session attribute that holds the signed-in {@link ConsoleUser}. */
    public static final String USER = "relevans.console.user";
    /** The session attribute that holds the page to go to after signing in. */
    public static final String NEXT = "relevans.console.next";

    private static final Logger LOG = LoggerFactory.getLogger(SignInPages.class);

    private final Layout layout;
    private final UserList users;

    SignInPages(Layout layout, UserList users) {
        this.layout = layout;
        this.users = users;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", "/login", Set.of(), false, x -> form(x, 200, Optional.empty())),
                new Route("POST", "/login", Set.of(), false, this::signIn),
                new Route("POST", "/logout", Set.of(), false, this::signOut));
    }

    private void form(Exchange x, int status, Optional<String> problem) {
        Html h = new Html();
        h.raw("<form method=\"post\" class=\"card narrow\" id=\"login-form\"").attr("action", x.link("/login")).raw(">")
                .hidden("_csrf", x.csrf())
                .raw("<label>Name <input name=\"name\" id=\"login-name\" autocomplete=\"username\" required autofocus>"
                        + "</label><label>Password <input type=\"password\" name=\"password\" id=\"login-password\" "
                        + "autocomplete=\"current-password\" required></label>"
                        + "<button type=\"submit\" id=\"login-submit\">Sign in</button></form>");
        problem.ifPresent(p -> h.raw("<p class=\"problem\" id=\"login-problem\">").text(p).raw("</p>"));
        x.html(status, layout.page(x, "Sign in", "login", h));
    }

    private void signIn(Exchange x) {
        Optional<ConsoleUser> user = users.check(x.field("name").orElse(null),
                x.request().getParameter("password"));
        if (user.isEmpty()) {
            LOG.info("a console sign-in failed");
            form(x, 401, Optional.of("Wrong name or password."));
            return;
        }
        x.request().changeSessionId(); // no session fixation: the id known before signing in is worthless now
        HttpSession session = x.request().getSession();
        session.setAttribute(USER, user.get());
        Object next = session.getAttribute(NEXT);
        session.removeAttribute(NEXT);
        LOG.info("console user {} signed in", user.get().name());
        x.redirect(next instanceof String s ? s : "/");
    }

    private void signOut(Exchange x) {
        HttpSession session = x.request().getSession(false);
        if (session != null) {
            session.invalidate();
        }
        x.redirect("/login");
    }
}
