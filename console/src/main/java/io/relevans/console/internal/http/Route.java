package io.relevans.console.internal.http;

import io.relevans.console.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One route of the console: a method and a path template such as {@code /api/customers/{id}}, who may use it,
 * whether it is part of the JSON API (errors as JSON, listed in the OpenAPI document) or a page, and what
 * answers it.
 *
 * @param method   GET or POST
 * @param template the path, {@code {name}} standing for one segment
 * @param roles    the roles that may use it (an admin may use all); empty for routes open to everyone
 * @param api      whether it is part of the JSON API
 * @param handler  what answers it
 */
public record Route(String method, String template, Set<Role> roles, boolean api, Handler handler) {

    /** What answers a route. */
    @FunctionalInterface
    public interface Handler {
        /** Answers the exchange. */
        void handle(Exchange exchange) throws Exception;
    }

    /** Copies the roles. */
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(handler, "handler");
    }

    /** Whether everyone may use it, signed in or not. */
    public boolean open() {
        return roles.isEmpty();
    }

    /** The path's parameters when the path matches the template. */
    public Optional<Map<String, String>> match(List<String> segments) {
        List<String> parts = split(template);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (segments.get(i).isEmpty()) {
                    return Optional.empty();
                }
                params.put(p.substring(1, p.length() - 1), segments.get(i));
            } else if (!p.equals(segments.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** A path's segments, without the leading slash; the root is no segment. */
    public static List<String> split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }
}
