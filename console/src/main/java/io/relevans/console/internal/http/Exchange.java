package io.relevans.console.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relevans.console.ConsoleUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response: the signed-in user, the path's parameters, the body as JSON or form fields
 * (under limits), and the answer as HTML, JSON or a redirect. Links and redirects are made relative to where
 * the application mounted the console.
 */
public final class Exchange {

    /** The most bytes a JSON body may have. */
    public static final int MAX_JSON_BODY = 16 * 1024 * 1024;
    /** The most characters a form field may have (the definitions' text is the longest). */
    public static final int MAX_FIELD = 1024 * 1024;

    /** JSON for requests and answers: strings of the definitions' length, nesting as deep as events allow. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                .maxStringLength(MAX_FIELD).maxNumberLength(1000).build());
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CSRF = "relevans.console.csrf";
    private static final String FLASH = "relevans.console.flash";

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final @Nullable ConsoleUser user;
    private final Map<String, String> path;

    /** An exchange of a signed-in user (or none, for the sign-in page and assets). */
    public Exchange(HttpServletRequest request, HttpServletResponse response, @Nullable ConsoleUser user,
                    Map<String, String> path) {
        this.request = request;
        this.response = response;
        this.user = user;
        this.path = Map.copyOf(path);
    }

    /** The request. */
    public HttpServletRequest request() {
        return request;
    }

    /** The response. */
    public HttpServletResponse response() {
        return response;
    }

    /** The signed-in user; absent only on routes open to everyone. */
    public Optional<ConsoleUser> user() {
        return Optional.ofNullable(user);
    }

    /** The signed-in user's name, "-" on open routes. */
    public String userName() {
        return user == null ? "-" : user.name();
    }

    /** A parameter of the path, such as the customer id of {@code /customers/{id}}. */
    public String path(String name) {
        String v = path.get(name);
        if (v == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return v;
    }

    /** Where the console is mounted: the context path and servlet path, without a trailing slash. */
    public String base() {
        return request.getContextPath() + request.getServletPath();
    }

    /** A link to a path of the console, such as {@code /programs}. */
    public String link(String consolePath) {
        return base() + consolePath;
    }

    /** A path segment encoded for a link: ids may hold any character. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The body as JSON.
     *
     * @throws HttpError 415 when it is not {@code application/json}, 413 over {@link #MAX_JSON_BODY}, 400 when
     *                   it is not JSON
     */
    public JsonNode json() {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, null, "send the body as application/json");
        }
        byte[] body = body(MAX_JSON_BODY);
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw HttpError.bad(null, "the body is empty; send a JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpError.bad(null, "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body's bytes, up to the limit. */
    private byte[] body(int limit) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw new HttpError(413, null, "the body has " + declared + " bytes, more than the limit of " + limit);
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > limit) {
                    throw new HttpError(413, null, "the body is longer than the limit of " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A form field, trimmed; empty when absent or blank.
     *
     * @throws HttpError 400 over {@link #MAX_FIELD} characters
     */
    public Optional<String> field(String name) {
        String v;
        try {
            v = request.getParameter(name);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new HttpError(413, name, "the form is larger than the web server accepts: " + e.getMessage());
        }
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        if (v.length() > MAX_FIELD) {
            throw HttpError.bad(name, "'" + name + "' has more than " + MAX_FIELD + " characters, the limit");
        }
        return Optional.of(v.strip());
    }

    /**
     * A form field that must be there.
     *
     * @throws HttpError 400 naming the field when it is absent or blank
     */
    public String required(String name, String label) {
        return field(name).orElseThrow(() -> HttpError.bad(name, "fill in " + label));
    }

    /** The session's token against cross-site request forgery, made when the session has none. */
    public String csrf() {
        HttpSession session = request.getSession(true);
        Object token = session.getAttribute(CSRF);
        if (token instanceof String s) {
            return s;
        }
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        session.setAttribute(CSRF, fresh);
        return fresh;
    }

    /** Whether the form's {@code _csrf} field holds the session's token. */
    public boolean csrfMatches() {
        HttpSession session = request.getSession(false);
        Object token = session == null ? null : session.getAttribute(CSRF);
        String sent = request.getParameter("_csrf");
        return token instanceof String s && sent != null && java.security.MessageDigest.isEqual(
                s.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps a message for the next page this session sees (after a redirect). */
    public void flash(String message) {
        request.getSession(true).setAttribute(FLASH, message);
    }

    /** The message kept for this page, once. */
    public Optional<String> takeFlash() {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object m = session.getAttribute(FLASH);
        session.removeAttribute(FLASH);
        return m instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** Answers with an HTML page. */
    public void html(int status, String page) {
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        write(page);
    }

    /** Answers with JSON. */
    public void json(int status, JsonNode body) {
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        try {
            write(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Answers 303 See Other to a path of the console: the browser then GETs it. */
    public void redirect(String consolePath) {
        response.setStatus(303);
        response.setHeader("Location", link(consolePath));
    }

    private void write(String text) {
        try {
            response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
