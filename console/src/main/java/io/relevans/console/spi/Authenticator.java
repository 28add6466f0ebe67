package io.relevans.console.spi;

import io.relevans.console.ConsoleUser;
import io.relevans.console.Role;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in through the hosting application: tells the console who made a request, once the application's own
 * security (Spring Security, a servlet container's realm, a single sign-on filter) has signed them in. The
 * console never sees passwords then; it only asks this for the user and their roles on each request.
 *
 * <pre>{@code
 * Console console = Console.builder().engine(engine).storage(storage)
 *         .authenticator(Authenticator.container())   // roles relevans-staff, relevans-marketer, relevans-admin
 *         .build();
 * }</pre>
 *
 * Implementations are called from several threads at once and must not keep the request.
 */
@FunctionalInterface
public interface Authenticator {

    /**
     * The user the application signed in for this request.
     *
     * @param request the request, never null
     * @return the user, or empty when nobody is signed in (the console then answers 401, or asks to sign in)
     */
    Optional<ConsoleUser> user(HttpServletRequest request);

    /**
     * The servlet container's sign-in ({@link HttpServletRequest#getUserPrincipal()}), with the console's roles
     * read from {@link HttpServletRequest#isUserInRole(String)}: {@code relevans-staff}, {@code relevans-marketer}
     * and {@code relevans-admin}. A signed-in principal with none of them is not a console user.
     */
    static Authenticator container() {
        return request -> {
            Principal p = request.getUserPrincipal();
            if (p == null || p.getName() == null || p.getName().isBlank()) {
                return Optional.empty();
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (Role r : Role.values()) {
                if (request.isUserInRole("relevans-" + r.name().toLowerCase(Locale.ROOT))) {
                    roles.add(r);
                }
            }
            return roles.isEmpty() ? Optional.empty() : Optional.of(new ConsoleUser(p.getName(), roles));
        };
    }
}
