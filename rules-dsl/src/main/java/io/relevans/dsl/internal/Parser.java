package io.relevans.dsl.internal;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Interest;
import io.relevans.customer.Purpose;
import io.relevans.customer.Value;
import io.relevans.definition.Aggregation;
import io.relevans.definition.Binding;
import io.relevans.definition.CategoryExclusion;
import io.relevans.definition.ChannelChoice;
import io.relevans.definition.Condition;
import io.relevans.definition.ConversionGoal;
import io.relevans.definition.EventMatch;
import io.relevans.definition.Feature;
import io.relevans.definition.FrequencyCap;
import io.relevans.definition.InvalidDefinitionException;
import io.relevans.definition.Limits;
import io.relevans.definition.Operator;
import io.relevans.definition.Policies;
import io.relevans.definition.PriceRange;
import io.relevans.definition.Program;
import io.relevans.definition.PropertyFilter;
import io.relevans.definition.Reentry;
import io.relevans.definition.Segment;
import io.relevans.definition.Step;
import io.relevans.definition.Tier;
import io.relevans.definition.Trigger;
import io.relevans.definition.Window;
import io.relevans.dsl.Diagnostic;
import io.relevans.dsl.internal.Parsed.Located;
import io.relevans.dsl.internal.Parsed.Ref;
import io.relevans.dsl.internal.Token.Kind;
import io.relevans.event.EventFormatException;
import io.relevans.event.EventType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Recursive-descent parser of one definitions file. Each top-level item (category, segment, policies,
 * program) is parsed on its own: an error skips to the next top-level keyword at the start of a line,
 * so one file reports all its broken items. Inside programs and policies, an error skips to the next
 * clause.
 */
public final class Parser {

    static final List<String> TOP = List.of("segment", "program", "category", "policies");
    static final List<String> ATOMS = List.of("attribute", "in", "consent", "declared", "since", "count", "sum",
            "min", "max", "last", "days_since", "channels_used", "price_tier", "p_alive", "expected_purchases",
            "expected_spend", "not", "all", "any");
    static final List<String> CLAUSES = List.of("on", "after", "every", "audience", "exit", "reentry", "control",
            "priority", "purpose", "promotes", "offer", "relevant", "goal", "cap", "steps");
    static final List<String> STEPS = List.of("wait", "if", "split", "send", "ask", "set", "clear", "call", "go", "end");
    static final List<String> POLICIES = List.of("quiet", "cap", "intimate", "never", "no", "predictions");
    private static final int MAX_NESTING = 40;
    /** At most so many step labels are listed in a diagnostic. */
    private static final int LISTED = 10;
    private static final String DURATION_LIMIT = "durations are limited to " + Limits.MAX_DURATION.toDays()
            + " days (" + Limits.MAX_DURATION.toDays() / 365 + " years)";
    private static final String WINDOW_LIMIT = "windows are limited to " + Windows.MAX_WINDOW.toDays() + " days";
    private static final String HORIZON_LIMIT = "predictions look ahead at most "
            + Feature.Predicted.MAX_HORIZON.toDays() + " days";
    private static final String PRIORITY_LIMIT = "priorities are limited to " + Integer.MIN_VALUE + " .. "
            + Integer.MAX_VALUE;
    private static final String MAX_COUNT = String.format(java.util.Locale.ROOT, "%,d", Limits.MAX_COUNT);

    /** An error already reported; unwinds to the nearest recovery point. */
    static final class ParseError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ParseError() {
            super(null, null, false, false);
        }
    }

    private final String file;
    private final List<Token> tokens;
    private final List<Diagnostic> diagnostics;
    private final Parsed out;
    private int pos;
    private int nesting;
    private boolean inProgram;

    private Parser(String file, List<Token> tokens, List<Diagnostic> diagnostics) {
        this.file = file;
        this.tokens = tokens;
        this.diagnostics = diagnostics;
        this.out = new Parsed(file);
    }

    /** Parses a file; problems are added to the diagnostics. */
    public static Parsed parse(String file, String text, List<Diagnostic> diagnostics) {
        List<Token> tokens = Lexer.tokens(file, text, diagnostics);
        Parser p = new Parser(file, tokens, diagnostics);
        p.file();
        return p.out;
    }

    // ---------------------------------------------------------------- tokens

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean at(String word) {
        return peek().is(word);
    }

    private boolean at(Kind kind) {
        return peek().kind() == kind;
    }

    private boolean accept(String word) {
        if (at(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean accept(Kind kind) {
        if (at(kind)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(String word) {
        if (at(word)) {
            return next();
        }
        throw expected("'" + word + "'", List.of(word));
    }

    private Token expect(Kind kind, String what) {
        if (at(kind)) {
            return next();
        }
        throw expected(what, List.of());
    }

    /** Reports "expected X, found Y" at the current token, with a hint from the candidates. */
    private ParseError expected(String what, List<String> candidates) {
        return expected(what, candidates, true);
    }

    /** Reports "expected X, found Y" at the current token, which is the culprit (a line that starts wrong). */
    private ParseError expectedHere(String what, List<String> candidates) {
        return expected(what, candidates, false);
    }

    private ParseError expected(String what, List<String> candidates, boolean missing) {
        Token t = peek();
        String hint = t.kind() == Kind.IDENT ? Suggest.hint(t.text(), candidates) : "";
        if (missing && t.firstOnLine() && pos > 0 && t.kind() != Kind.ERROR) {
            // something is missing at the end of the previous line: point there
            Token before = tokens.get(pos - 1);
            diagnostics.add(new Diagnostic(file, before.line(), before.end(), "expected " + what + ", found "
                    + t.describe() + hint));
            return new ParseError();
        }
        return error(t, "expected " + what + ", found " + t.describe() + hint);
    }

    private ParseError error(Token at, String message) {
        if (at.kind() != Kind.ERROR) { // the lexer has already reported it
            diagnostics.add(new Diagnostic(file, at.line(), at.column(), message));
        }
        return new ParseError();
    }

    /** Runs a model constructor, turning its validation error into a diagnostic at the token. */
    private <T> T build(Token at, Supplier<T> make) {
        try {
            return make.get();
        } catch (EventFormatException e) {
            throw error(at, e.problem());
        } catch (InvalidDefinitionException e) {
            throw error(at, readable(String.join("; ", e.problems())));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw error(at, readable(String.valueOf(e.getMessage())));
        }
    }

    private static final java.util.regex.Pattern ISO_DURATION = java.util.regex.Pattern.compile("PT[0-9HMS.]+");

    /** A model message with its durations as the language writes them (PT24H becomes 1d). */
    static String readable(String message) {
        java.util.regex.Matcher m = ISO_DURATION.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String replacement;
            try {
                replacement = Windows.duration(Duration.parse(m.group()));
            } catch (RuntimeException e) {
                replacement = m.group();
            }
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private boolean atTopLevel() {
        Token t = peek();
        return t.kind() == Kind.EOF || t.firstOnLine() && (t.kind() == Kind.IDENT && TOP.contains(t.text())
                || t.column() == 1);
    }

    // ---------------------------------------------------------------- file

    private void file() {
        while (!at(Kind.EOF)) {
            int start = pos;
            try {
                Token t = peek();
                if (t.is("category")) {
                    category();
                } else if (t.is("segment")) {
                    segment();
                } else if (t.is("policies")) {
                    policies();
                } else if (t.is("program")) {
                    program();
                } else {
                    throw expectedHere("'segment', 'program', 'category' or 'policies'", TOP);
                }
                if (!atTopLevel()) {
                    throw expected(t.is("segment") ? "'and', 'or' or the end of the segment"
                            : "the end of the " + t.text(), List.of("and", "or"));
                }
            } catch (ParseError e) {
                if (pos == start) {
                    next();
                }
                while (!atTopLevel()) {
                    next();
                }
            }
        }
    }

    private Token nameToken(String what) {
        if (at(Kind.IDENT) || at(Kind.STRING)) {
            return next();
        }
        throw expected(what, List.of());
    }

    // ---------------------------------------------------------------- category

    private void category() {
        expect("category");
        Token name = nameToken("a category name");
        out.categoryNames.add(new Ref(name.text(), name.line(), name.column()));
        expect("price");
        double min = number("the lowest price");
        expect(Kind.DOTDOT, "'..' between the lowest and the highest price");
        double max = number("the highest price");
        PriceRange range = build(name, () -> new PriceRange(Category.of(name.text()), min, max));
        out.ranges.add(new Located<>(range, range.category().name(), name.line(), name.column()));
    }

    // ---------------------------------------------------------------- segment

    private void segment() {
        expect("segment");
        Token name = nameToken("a segment name");
        out.segmentNames.add(new Ref(name.text(), name.line(), name.column()));
        String description = at(Kind.STRING) ? next().text() : "";
        expect(Kind.COLON, "':' after the segment name");
        inProgram = false;
        Condition condition = condition();
        Segment segment = build(name, () -> new Segment(name.text(), description, condition));
        out.segments.add(new Located<>(segment, segment.name(), name.line(), name.column()));
    }

    // ---------------------------------------------------------------- conditions

    Condition condition() {
        if (++nesting > MAX_NESTING) {
            throw error(peek(), "conditions are nested too deeply (at most " + MAX_NESTING + " levels)");
        }
        try {
            Token start = peek();
            List<Condition> parts = new ArrayList<>();
            parts.add(conjunction());
            while (accept("or")) {
                parts.add(conjunction());
            }
            return parts.size() == 1 ? parts.get(0) : build(start, () -> new Condition.AnyOf(parts));
        } finally {
            nesting--;
        }
    }

    private Condition conjunction() {
        Token start = peek();
        List<Condition> parts = new ArrayList<>();
        parts.add(unary());
        while (accept("and")) {
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : build(start, () -> new Condition.AllOf(parts));
    }

    private Condition unary() {
        Token start = peek();
        if (accept("not")) {
            if (++nesting > MAX_NESTING) {
                throw error(start, "conditions are nested too deeply (at most " + MAX_NESTING + " levels)");
            }
            try {
                Condition part = unary();
                return build(start, () -> new Condition.Not(part));
            } finally {
                nesting--;
            }
        }
        if (accept(Kind.LPAREN)) {
            Condition c = condition();
            expect(Kind.RPAREN, "')'");
            return c;
        }
        return atom();
    }

    private Condition atom() {
        Token start = peek();
        if (start.kind() != Kind.IDENT) {
            throw expected("a condition", ATOMS);
        }
        switch (start.text()) {
            case "attribute" -> {
                next();
                Token name = nameToken("an attribute name");
                if (accept("present")) {
                    return build(name, () -> new Condition.AttributePresent(name.text()));
                }
                if (accept("older")) {
                    expect("than");
                    Duration age = duration("an age such as 3y");
                    return build(name, () -> new Condition.AttributeOlderThan(name.text(), age));
                }
                if (!at(Kind.OP)) {
                    throw expected("an operator (==, !=, <, <=, >, >=), 'present' or 'older than'",
                            List.of("present", "older"));
                }
                Operator op = operator();
                Value value = literal();
                return build(start, () -> new Condition.AttributeCompare(name.text(), op, value));
            }
            case "in" -> {
                next();
                expect("segment");
                Token name = nameToken("a segment name");
                out.segmentRefs.add(new Ref(name.text(), name.line(), name.column()));
                return build(name, () -> new Condition.InSegment(name.text()));
            }
            case "consent" -> {
                next();
                Token channel = nameToken("a channel such as email");
                expect("for");
                Token purpose = nameToken("a purpose such as marketing");
                return build(channel, () -> new Condition.HasConsent(Channel.of(channel.text()),
                        Purpose.of(purpose.text())));
            }
            case "declared" -> {
                next();
                Interest interest = accept("not") ? Interest.NOT_INTERESTED : Interest.INTERESTED;
                expect("interested");
                expect("in");
                Token category = nameToken("a category");
                return build(category, () -> new Condition.DeclaredInterest(Category.of(category.text()), interest));
            }
            case "since" -> {
                next();
                expect("trigger");
                if (!inProgram) {
                    throw error(start, "'since trigger' is only allowed in programs: a segment has no trigger");
                }
                EventMatch match = eventMatch();
                return build(start, () -> new Condition.SinceTrigger(match));
            }
            case "all", "any" -> {
                next();
                expect("of");
                expect(Kind.LPAREN, "'('");
                List<Condition> parts = new ArrayList<>();
                parts.add(condition());
                while (accept(Kind.COMMA)) {
                    parts.add(condition());
                }
                expect(Kind.RPAREN, "')' or ','");
                return build(start, () -> start.is("all") ? new Condition.AllOf(parts) : new Condition.AnyOf(parts));
            }
            case "count", "sum", "min", "max", "last", "days_since", "channels_used", "price_tier", "p_alive",
                 "expected_purchases", "expected_spend" -> {
                return featureComparison();
            }
            default -> throw expected("a condition", ATOMS);
        }
    }

    private Condition featureComparison() {
        Token start = next();
        Feature feature;
        switch (start.text()) {
            case "count" -> {
                EventType type = eventType();
                List<PropertyFilter> filters = filters();
                Window window = window();
                feature = build(start, () -> new Feature.Aggregate(Aggregation.COUNT, type, "", filters, window));
            }
            case "sum", "min", "max", "last" -> {
                Token what = nameToken("an event type and property such as purchase.line.amount");
                int dot = what.text().indexOf('.');
                if (dot < 0) {
                    throw error(what, "expected an event type and property such as purchase.line.amount, found "
                            + what.describe());
                }
                EventType type = build(what, () -> EventType.of(what.text().substring(0, dot)));
                String property = what.text().substring(dot + 1);
                List<PropertyFilter> filters = filters();
                Window window = window();
                Aggregation aggregation = Aggregation.valueOf(start.text().toUpperCase(java.util.Locale.ROOT));
                feature = build(what, () -> new Feature.Aggregate(aggregation, type, property, filters, window));
            }
            case "days_since" -> {
                EventType type = eventType();
                List<PropertyFilter> filters = filters();
                feature = build(start, () -> new Feature.TimeSince(type, filters));
            }
            case "channels_used" -> {
                Window window = window();
                feature = build(start, () -> new Feature.ChannelsUsed(window));
            }
            case "p_alive" -> feature = build(start, io.relevans.definition.Features::probabilityAlive);
            case "expected_purchases", "expected_spend" -> {
                expect("next");
                Duration horizon = duration("a period ahead such as 90d", Feature.Predicted.MAX_HORIZON, HORIZON_LIMIT);
                double discount = 0;
                Token rate = peek();
                if (start.is("expected_spend") && accept("discount")) {
                    rate = peek();
                    discount = number("a yearly discount rate such as 0.1");
                }
                io.relevans.definition.Prediction what = start.is("expected_spend")
                        ? io.relevans.definition.Prediction.SPEND : io.relevans.definition.Prediction.PURCHASES;
                double d = discount;
                feature = build(d == 0 ? start : rate, () -> new Feature.Predicted(what, horizon, d));
            }
            default -> {
                Token category = nameToken("a category");
                Category c = build(category, () -> Category.of(category.text()));
                out.tierCategoryRefs.add(new Ref(c.name(), category.line(), category.column()));
                Window window = window();
                Feature.PriceTier tier = build(category, () -> new Feature.PriceTier(c, window));
                if (accept("is")) {
                    Token t = nameToken("a tier: budget, mid or premium");
                    return switch (t.text()) {
                        case "budget" -> build(t, () -> tier.is(Tier.BUDGET));
                        case "mid" -> build(t, () -> tier.is(Tier.MID));
                        case "premium" -> build(t, () -> tier.is(Tier.PREMIUM));
                        default -> throw error(t, "expected a tier: budget, mid or premium, found " + t.describe()
                                + Suggest.hint(t.text(), List.of("budget", "mid", "premium")));
                    };
                }
                feature = tier;
            }
        }
        if (!at(Kind.OP)) {
            List<String> more = new ArrayList<>();
            if (start.is("price_tier")) {
                more.add("'is'");
            }
            if (feature.window().isAllTime() && !start.is("days_since") && !(feature instanceof Feature.Predicted)) {
                more.add("'over'");
            }
            if (start.is("expected_spend") && feature instanceof Feature.Predicted p && p.discount() == 0) {
                more.add("'discount'");
            }
            String operators = "an operator (==, !=, <, <=, >, >=)";
            throw expected(more.isEmpty() ? operators : more.size() == 1 ? operators + " or " + more.get(0)
                    : operators + ", " + more.get(0) + " or " + more.get(1), List.of("over", "is", "discount"));
        }
        Operator op = operator();
        double value = number("a number");
        Feature f = feature;
        return build(start, () -> new Condition.FeatureCompare(f, op, value));
    }

    private EventType eventType() {
        Token t = nameToken("an event type such as purchase");
        return build(t, () -> EventType.of(t.text()));
    }

    private EventMatch eventMatch() {
        Token start = peek();
        EventType type = eventType();
        List<PropertyFilter> filters = filters();
        return build(start, () -> new EventMatch(type, filters));
    }

    private List<PropertyFilter> filters() {
        List<PropertyFilter> filters = new ArrayList<>();
        if (!accept("where")) {
            return filters;
        }
        filters.add(filter());
        while (at("and") && (peek(1).kind() == Kind.IDENT || peek(1).kind() == Kind.STRING)
                && peek(2).kind() == Kind.OP) {
            next();
            filters.add(filter());
        }
        return filters;
    }

    private PropertyFilter filter() {
        Token property = nameToken("an event property such as line.category");
        if (!at(Kind.OP)) {
            throw expected("an operator (==, !=, <, <=, >, >=)", List.of());
        }
        Operator op = operator();
        Value value = literal();
        return build(property, () -> new PropertyFilter(property.text(), op, value));
    }

    private Window window() {
        if (!at("over")) {
            return Window.ALL_TIME;
        }
        Token over = next();
        Duration length = duration("a window length such as 90d", Windows.MAX_WINDOW, WINDOW_LIMIT);
        Duration bucket = accept(Kind.SLASH) ? duration("a bucket size such as 1d") : Windows.defaultBucket(length);
        return build(over, () -> new Window(length, bucket));
    }

    private Operator operator() {
        Token t = expect(Kind.OP, "an operator");
        for (Operator o : Operator.values()) {
            if (o.symbol().equals(t.text())) {
                return o;
            }
        }
        throw error(t, "unknown operator " + t.describe());
    }

    // ---------------------------------------------------------------- literals

    /** A value: "text", a number, true, false or date 2000-01-31. Never evaluated. */
    private Value literal() {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                next();
                return build(t, () -> Value.of(t.text()));
            }
            case NUMBER, MINUS -> {
                double v = number("a value");
                return build(t, () -> Value.of(v));
            }
            case DATE -> {
                LocalDate d = date();
                return build(t, () -> Value.of(d));
            }
            case IDENT -> {
                if (accept("true")) {
                    return Value.of(true);
                }
                if (accept("false")) {
                    return Value.of(false);
                }
                if (accept("date")) {
                    LocalDate d = date();
                    return build(t, () -> Value.of(d));
                }
                throw error(t, "expected a value (\"text\", a number, true, false or date 2000-01-31), found "
                        + t.describe() + Suggest.closest(t.text(), List.of("true", "false", "date"), 1)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("; text is written in double quotes: \"" + t.text() + "\""));
            }
            default -> throw expected("a value (\"text\", a number, true, false or date 2000-01-31)", List.of());
        }
    }

    private LocalDate date() {
        Token t = expect(Kind.DATE, "a date such as 2000-01-31");
        try {
            return LocalDate.parse(t.text());
        } catch (DateTimeException e) {
            throw error(t, "invalid date '" + t.text() + "': use yyyy-mm-dd, such as 2000-01-31");
        }
    }

    private double number(String what) {
        Token start = peek();
        boolean negative = accept(Kind.MINUS);
        Token t = peek();
        if (t.kind() != Kind.NUMBER) {
            throw expected(what, List.of());
        }
        next();
        double v = Double.parseDouble(t.text().replace("_", ""));
        if (!Double.isFinite(v)) {
            throw error(start, "number out of range: " + t.text());
        }
        return negative ? -v : v;
    }

    /**
     * A whole number from min to max; one outside is reported at the number: above max as over the limit,
     * below min with the text for it.
     */
    private int whole(String what, long min, long max, String above, String below) {
        Token start = peek();
        boolean negative = at(Kind.MINUS);
        double v = number(what);
        String written = (negative ? "-" : "") + tokens.get(pos - 1).text();
        if (v != Math.rint(v)) {
            throw error(start, "expected " + what + " (a whole number), found '" + Windows.number(v) + "'");
        }
        if (v > max) {
            throw error(start, above + ", got " + written);
        }
        if (v < min) {
            throw error(start, below + ", got " + written);
        }
        return (int) v;
    }

    /** The number of messages of a cap: at most {@link Limits#MAX_COUNT}. */
    private int capCount() {
        return whole("the number of messages", Integer.MIN_VALUE, Limits.MAX_COUNT,
                "caps are limited to " + MAX_COUNT + " messages", "a cap allows at least 1 message");
    }

    private Duration duration(String what) {
        return duration(what, Limits.MAX_DURATION, DURATION_LIMIT);
    }

    /** A duration up to max; a longer one, however many digits it has, is reported at it with the limit. */
    private Duration duration(String what, Duration max, String limit) {
        Token t = peek();
        if (t.kind() == Kind.NUMBER) {
            throw error(t, "expected " + what + ", found " + t.describe() + "; add a unit such as "
                    + t.text() + "d (ms, s, m, h, d, w, y)");
        }
        expect(Kind.DURATION, what);
        Optional<Duration> d = build(t, () -> Windows.parseDuration(t.text(), max));
        if (d.isEmpty()) {
            throw error(t, limit + ", got " + t.text());
        }
        return d.get();
    }

    private LocalTime time(String what) {
        Token t = expect(Kind.TIME, what);
        String text = t.text().indexOf(':') == 1 ? "0" + t.text() : t.text();
        try {
            return LocalTime.parse(text);
        } catch (DateTimeException e) {
            throw error(t, "invalid time '" + t.text() + "': use hh:mm from 00:00 to 23:59 (or hh:mm:ss)");
        }
    }

    // ---------------------------------------------------------------- policies

    private void policies() {
        Token start = expect("policies");
        expect(Kind.COLON, "':' after 'policies'");
        inProgram = false;
        Policies p = Policies.DEFAULT;
        boolean failed = false;
        while (!atTopLevel()) {
            int clauseStart = pos;
            try {
                Token t = peek();
                if (accept("quiet")) {
                    expect("hours");
                    LocalTime from = time("a time such as 21:00");
                    expect(Kind.MINUS, "'-' between the times");
                    LocalTime to = time("a time such as 08:00");
                    Policies before = p;
                    p = build(t, () -> before.withQuietHours(from, to));
                    if (accept("in")) {
                        Token at = peek();
                        ZoneId zone = zone();
                        Policies quiet = p;
                        p = build(at, () -> quiet.withDefaultZone(zone));
                    }
                } else if (accept("cap")) {
                    int max = capCount();
                    expect("per");
                    Duration period = duration("a period such as 7d");
                    FrequencyCap cap;
                    if (accept("overall")) {
                        cap = build(t, () -> FrequencyCap.overall(max, period));
                    } else if (accept("on")) {
                        Token ch = nameToken("a channel");
                        cap = build(t, () -> FrequencyCap.perChannel(Channel.of(ch.text()), max, period));
                    } else {
                        throw expected("'overall' or 'on' and a channel (program caps are set in programs)",
                                List.of("overall", "on"));
                    }
                    FrequencyCap waiting = deferral(cap);
                    Policies before = p;
                    p = build(t, () -> before.withCap(waiting));
                } else if (accept("intimate")) {
                    expect("channels");
                    Set<Channel> channels = new LinkedHashSet<>();
                    if (!accept("none")) {
                        do {
                            Token ch = nameToken("a channel or 'none'");
                            channels.add(build(ch, () -> Channel.of(ch.text())));
                        } while (accept(Kind.COMMA));
                    }
                    Policies before = p;
                    p = build(t, () -> before.withIntimateChannels(channels));
                } else if (accept("never")) {
                    expect("promote");
                    Token cat = nameToken("a category");
                    expect("when");
                    Condition when = condition();
                    CategoryExclusion exclusion = build(cat,
                            () -> new CategoryExclusion(Category.of(cat.text()), when));
                    Policies before = p;
                    p = build(t, () -> before.withExclusion(exclusion));
                } else if (accept("predictions")) {
                    expect("count");
                    expect("days");
                    expect("in");
                    Token at = peek();
                    ZoneId zone = zone();
                    Policies before = p;
                    p = build(at, () -> before.withPurchaseDayZone(zone));
                } else if (accept("no")) {
                    expect("better");
                    expect("offer");
                    expect("within");
                    Duration d = duration("a period such as 30d");
                    expect("after");
                    expect("purchase");
                    Policies before = p;
                    p = build(t, () -> before.withNoBetterOfferAfterPurchase(d));
                } else {
                    throw expectedHere("a policy ('quiet hours', 'cap', 'intimate channels', 'never promote', "
                            + "'no better offer', 'predictions count days')", POLICIES);
                }
                if (!peek().firstOnLine() && !at(Kind.EOF)) {
                    throw expected("a new line after the policy", List.of());
                }
            } catch (ParseError e) {
                failed = true;
                skipClause(clauseStart, POLICIES);
            }
        }
        if (!failed) {
            out.policies.add(new Located<>(p, "policies", start.line(), start.column()));
        }
    }

    private ZoneId zone() {
        Token t = peek();
        String id;
        if (at(Kind.STRING)) {
            id = next().text();
        } else {
            StringBuilder sb = new StringBuilder(nameToken("a time zone such as Europe/Oslo").text());
            while (accept(Kind.SLASH)) {
                sb.append('/').append(nameToken("the rest of the time zone").text());
            }
            id = sb.toString();
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            String hint = Suggest.hint(id, ZoneId.getAvailableZoneIds());
            throw error(t, "unknown time zone '" + id + "'" + (hint.isEmpty() ? "; use a region such as Europe/Oslo"
                    : hint));
        }
    }

    private void skipClause(int clauseStart, List<String> keywords) {
        if (pos == clauseStart) {
            next();
        }
        while (!atTopLevel() && !(peek().firstOnLine() && (peek().kind() == Kind.IDENT
                && keywords.contains(peek().text()) || isStepStart()))) {
            next();
        }
    }

    private boolean isStepStart() {
        return (at(Kind.IDENT) || at(Kind.STRING)) && peek(1).kind() == Kind.COLON;
    }

    // ---------------------------------------------------------------- programs

    private void program() {
        expect("program");
        Token name = nameToken("a program name");
        out.programNames.add(new Ref(name.text(), name.line(), name.column()));
        String description = at(Kind.STRING) ? next().text() : "";
        expect(Kind.COLON, "':' after the program name");
        inProgram = true;
        ProgramParts parts = new ProgramParts(name);
        boolean inSteps = false;
        while (!atTopLevel()) {
            int clauseStart = pos;
            try {
                if (inSteps && isStepStart()) {
                    step(parts);
                } else if (accept("steps")) {
                    inSteps = true;
                    expect(Kind.COLON, "':' after 'steps'");
                } else {
                    clause(parts);
                }
            } catch (ParseError e) {
                parts.failed = true;
                skipClause(clauseStart, CLAUSES);
            }
        }
        inProgram = false;
        if (parts.trigger == null && !parts.failed) {
            throw error(name, "program '" + name.text() + "' has no trigger: add a line such as 'on purchase'");
        }
        if (parts.steps.isEmpty() && !parts.failed) {
            throw error(name, "program '" + name.text() + "' has no steps: add 'steps:' and labelled steps");
        }
        Suggest.Index labels = null; // built at the first unknown step: one look-up per name
        for (Ref target : parts.targets) {
            if (!parts.labels.containsKey(target.name())) {
                parts.failed = true;
                labels = labels != null ? labels : Suggest.index(parts.labels.keySet());
                diagnostics.add(new Diagnostic(file, target.line(), target.column(), "unknown step '" + target.name()
                        + "' (steps: " + listed(parts.labels.keySet()) + ")" + labels.hint(target.name())));
            }
        }
        if (parts.goal == null) {
            for (Map.Entry<String, Token> w : parts.winners.entrySet()) {
                parts.failed = true;
                diagnostics.add(new Diagnostic(file, w.getValue().line(), w.getValue().column(), "split '" + w.getKey()
                        + "' of program '" + name.text() + "' picks a winner by the program's conversion goal, but "
                        + "the program has no goal: add one, such as 'goal purchase within 7d'"));
            }
        }
        if (parts.failed) {
            return;
        }
        Trigger trigger = Objects.requireNonNull(parts.trigger, "a program read without failing has a trigger");
        Program program = build(name, () -> new Program(name.text(), description, trigger,
                Optional.ofNullable(parts.audience), parts.steps, parts.exitOn, Optional.ofNullable(parts.exitWhen),
                parts.reentry, parts.control, parts.caps, parts.priority, parts.purpose, parts.promotes, parts.offer,
                Optional.ofNullable(parts.relevant), Optional.ofNullable(parts.goal)));
        out.programs.add(new Located<>(program, program.name(), name.line(), name.column()));
    }

    /** The first {@value #LISTED} names, then how many more there are. */
    private static String listed(Set<String> names) {
        if (names.size() <= LISTED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.stream().limit(LISTED).toList()) + " and " + (names.size() - LISTED)
                + " more";
    }

    /** The clauses of a program as they are read. */
    private static final class ProgramParts {
        final Token name;
        boolean failed;
        @Nullable Trigger trigger;
        @Nullable Condition audience;
        final List<Step> steps = new ArrayList<>();
        final Map<String, Token> labels = new LinkedHashMap<>();
        final List<Ref> targets = new ArrayList<>();
        final List<EventMatch> exitOn = new ArrayList<>();
        @Nullable Condition exitWhen;
        Reentry reentry = Reentry.WHEN_DONE;
        double control;
        final List<FrequencyCap> caps = new ArrayList<>();
        int priority;
        Purpose purpose = Purpose.MARKETING;
        final TreeSet<Category> promotes = new TreeSet<>();
        boolean offer;
        @Nullable Condition relevant;
        @Nullable ConversionGoal goal;
        final Map<String, Token> seen = new HashMap<>();
        /** Where each split that picks a winner says so, by the split's label. */
        final Map<String, Token> winners = new LinkedHashMap<>();

        ProgramParts(Token name) {
            this.name = name;
        }
    }

    private void once(ProgramParts parts, Token clause, String what) {
        Token before = parts.seen.putIfAbsent(what, clause);
        if (before != null) {
            throw error(clause, "program '" + parts.name.text() + "' has a second " + what + " (the first is on line "
                    + before.line() + ")");
        }
    }

    private void clause(ProgramParts parts) {
        Token t = peek();
        if (t.kind() != Kind.IDENT) {
            throw expectedHere("a program clause such as 'on', 'audience' or 'steps:'", CLAUSES);
        }
        switch (t.text()) {
            case "on" -> {
                next();
                once(parts, t, "trigger");
                if ((at("entering") || at("leaving")) && peek(1).kind() == Kind.IDENT && !peek(1).is("segment")
                        && !peek(1).is("where") && Suggest.closest(peek(1).text(), List.of("segment")).isPresent()) {
                    next();
                    throw expected("'segment'", List.of("segment"));
                }
                if ((at("entering") || at("leaving")) && peek(1).is("segment")) {
                    boolean entering = next().is("entering");
                    next();
                    Token seg = nameToken("a segment name");
                    out.segmentRefs.add(new Ref(seg.text(), seg.line(), seg.column()));
                    boolean backfill = false;
                    if (at("including") && peek(1).is("backfill")) {
                        next();
                        next();
                        backfill = true;
                    }
                    boolean filled = backfill;
                    parts.trigger = build(seg, () -> new Trigger.OnSegment(seg.text(), entering, filled));
                } else if (at("anniversary") && peek(1).is("of")) {
                    next();
                    next();
                    Token attr = nameToken("a date attribute such as birthday");
                    expect("at");
                    LocalTime at = time("a time of day such as 09:00");
                    parts.trigger = build(attr, () -> new Trigger.OnAnniversary(attr.text(), at));
                } else {
                    EventMatch match = eventMatch();
                    parts.trigger = build(t, () -> new Trigger.OnEvent(match));
                }
            }
            case "after" -> {
                next();
                once(parts, t, "trigger");
                Duration period = duration("a period such as 180d");
                expect("without");
                EventMatch match = eventMatch();
                parts.trigger = build(t, () -> new Trigger.OnInactivity(match, period));
            }
            case "every" -> {
                next();
                once(parts, t, "trigger");
                Duration every = duration("a period such as 7d");
                expect("from");
                Token first = expect(Kind.INSTANT, "a moment such as 2026-03-02T09:00:00Z");
                Instant from;
                try {
                    from = OffsetDateTime.parse(first.text()).toInstant();
                } catch (DateTimeException e) {
                    throw error(first, "invalid moment '" + first.text() + "': use yyyy-mm-ddThh:mm:ssZ, such as "
                            + "2026-03-02T09:00:00Z");
                }
                parts.trigger = build(t, () -> new Trigger.OnSchedule(from, every));
            }
            case "audience" -> {
                next();
                once(parts, t, "audience");
                parts.audience = condition();
            }
            case "exit" -> {
                next();
                if (accept("on")) {
                    parts.exitOn.add(eventMatch());
                } else if (accept("when")) {
                    once(parts, t, "exit condition");
                    parts.exitWhen = condition();
                } else {
                    throw expected("'on' or 'when'", List.of("on", "when"));
                }
            }
            case "reentry" -> {
                next();
                once(parts, t, "reentry");
                if (accept("once")) {
                    if (accept("per")) {
                        Duration d = duration("a period such as 365d");
                        parts.reentry = build(t, () -> Reentry.oncePer(d));
                    } else {
                        parts.reentry = Reentry.ONCE;
                    }
                } else if (accept("when")) {
                    expect("done");
                    parts.reentry = Reentry.WHEN_DONE;
                } else if (accept("restart")) {
                    parts.reentry = Reentry.RESTART;
                } else {
                    throw expected("'once', 'once per', 'when done' or 'restart'", List.of("once", "when", "restart"));
                }
            }
            case "control" -> {
                next();
                once(parts, t, "control share");
                double share = number("a share such as 10% or 0.1");
                boolean percent = accept(Kind.PERCENT);
                parts.control = percent ? share / 100.0 : share;
                if (!(parts.control >= 0 && parts.control <= 0.5)) {
                    throw error(t, "the control share must be 0 to 50% (0 to 0.5), got " + Windows.number(share)
                            + (percent ? "%" : share <= 50 ? "; did you mean " + Windows.number(share) + "%?" : ""));
                }
            }
            case "priority" -> {
                next();
                once(parts, t, "priority");
                parts.priority = whole("a priority", Integer.MIN_VALUE, Integer.MAX_VALUE, PRIORITY_LIMIT,
                        PRIORITY_LIMIT);
            }
            case "purpose" -> {
                next();
                once(parts, t, "purpose");
                Token p = nameToken("a purpose such as marketing");
                parts.purpose = build(p, () -> Purpose.of(p.text()));
            }
            case "promotes" -> {
                next();
                do {
                    Token c = nameToken("a category");
                    parts.promotes.add(build(c, () -> Category.of(c.text())));
                } while (accept(Kind.COMMA));
            }
            case "offer" -> {
                next();
                parts.offer = true;
            }
            case "relevant" -> {
                next();
                once(parts, t, "relevance condition");
                expect("when");
                parts.relevant = condition();
            }
            case "goal" -> {
                next();
                once(parts, t, "goal");
                EventMatch match = eventMatch();
                expect("within");
                Duration d = duration("a period such as 7d");
                parts.goal = build(t, () -> new ConversionGoal(match, d));
            }
            case "cap" -> {
                next();
                int max = capCount();
                expect("per");
                Duration d = duration("a period such as 7d");
                parts.caps.add(deferral(build(t, () -> FrequencyCap.perProgram(parts.name.text(), max, d))));
            }
            default -> throw expectedHere("a program clause such as 'on', 'audience' or 'steps:'", CLAUSES);
        }
        if (!peek().firstOnLine() && !at(Kind.EOF)) {
            throw expected("a new line after the '" + t.text() + "' clause", List.of("and", "or", "where"));
        }
    }

    /** A cap's optional {@code defer up to 3d}: capped messages wait that long for a free slot. */
    private FrequencyCap deferral(FrequencyCap cap) {
        if (!accept("defer")) {
            return cap;
        }
        Token at = peek();
        expect("up");
        expect("to");
        Duration wait = duration("a time such as 3d");
        return build(at, () -> cap.deferUpTo(wait));
    }

    private void step(ProgramParts parts) {
        Token label = next();
        next(); // the colon
        Token before = parts.labels.putIfAbsent(label.text(), label);
        if (before != null) {
            throw error(label, "step '" + label.text() + "' is defined twice in program '" + parts.name.text()
                    + "' (first on line " + before.line() + ")");
        }
        String l = label.text();
        Token t = peek();
        if (t.kind() != Kind.IDENT) {
            throw expectedHere("a step such as 'wait 4h' or 'send ...'", STEPS);
        }
        Step step = switch (t.text()) {
            case "wait" -> {
                next();
                if (accept("until")) {
                    LocalTime at = time("a time of day such as 09:00");
                    yield build(label, () -> new Step.WaitUntil(l, at));
                }
                if (accept("for")) {
                    expect("hours");
                    LocalTime from = time("a time such as 09:00");
                    expect(Kind.MINUS, "'-' between the times");
                    LocalTime to = time("a time such as 20:00");
                    yield build(label, () -> new Step.WaitForHours(l, from, to));
                }
                if (!at(Kind.DURATION) && !at(Kind.NUMBER)) {
                    throw expected("a duration such as 4h, 'until' or 'for hours'", List.of("until", "for"));
                }
                Duration d = duration("a duration such as 4h");
                yield build(label, () -> new Step.Wait(l, d));
            }
            case "if" -> {
                next();
                Condition c = condition();
                expect("then");
                expect("go");
                expect("to");
                Token then = target(parts);
                expect("else");
                expect("go");
                expect("to");
                Token otherwise = target(parts);
                yield build(label, () -> new Step.Branch(l, c, then.text(), otherwise.text()));
            }
            case "split" -> {
                next();
                List<Step.Variant> variants = new ArrayList<>();
                Optional<Step.WinnerRule> winner = Optional.empty();
                do {
                    if (at("pick") && peek(1).is("winner")) {
                        winner = Optional.of(winnerRule(parts, l));
                        break;
                    }
                    Token v = nameToken("a variant name");
                    int weight = whole("a weight such as 50%", Integer.MIN_VALUE, Limits.MAX_COUNT,
                            "split weights are limited to " + MAX_COUNT, "a split weight must be positive");
                    accept(Kind.PERCENT);
                    expect(Kind.ARROW, "'->' and a step label");
                    Token to = target(parts);
                    variants.add(build(v, () -> new Step.Variant(v.text(), weight, to.text())));
                } while (accept(Kind.COMMA));
                long total = variants.stream().mapToLong(Step.Variant::weight).sum();
                if (total > Limits.MAX_COUNT) { // the engine adds them up as an int
                    throw error(label, "the weights of split '" + l + "' add up to " + total + "; they are limited to "
                            + MAX_COUNT);
                }
                Optional<Step.WinnerRule> rule = winner;
                yield build(label, () -> new Step.Split(l, variants, rule));
            }
            case "send" -> {
                next();
                Token template = nameToken("a template id");
                expect("by");
                ChannelChoice choice = channelChoice();
                boolean lines = false;
                if (accept("with")) {
                    expect("lines");
                    lines = true;
                }
                boolean withLines = lines;
                TreeMap<String, Binding> data = data();
                yield build(label, () -> new Step.Send(l, choice, template.text(), data, withLines));
            }
            case "ask" -> {
                next();
                Token q = nameToken("review, satisfaction or reconfirm");
                Step.Question question = switch (q.text()) {
                    case "review" -> Step.Question.REVIEW;
                    case "satisfaction" -> Step.Question.SATISFACTION;
                    case "reconfirm" -> Step.Question.RECONFIRM;
                    default -> throw error(q, "expected review, satisfaction or reconfirm, found " + q.describe()
                            + Suggest.hint(q.text(), List.of("review", "satisfaction", "reconfirm")));
                };
                String attribute = question == Step.Question.RECONFIRM ? nameToken("an attribute").text() : "";
                expect("with");
                Token template = nameToken("a template id");
                expect("by");
                ChannelChoice choice = channelChoice();
                TreeMap<String, Binding> data = data();
                yield build(label, () -> new Step.Ask(l, question, attribute, choice, template.text(), data));
            }
            case "set" -> {
                next();
                Token attr = nameToken("an attribute");
                expect(Kind.ASSIGN, "'='");
                Value v = literal();
                yield build(attr, () -> new Step.SetAttribute(l, attr.text(), v));
            }
            case "clear" -> {
                next();
                Token attr = nameToken("an attribute");
                yield build(attr, () -> new Step.ClearAttribute(l, attr.text()));
            }
            case "call" -> {
                next();
                Token action = nameToken("an action name");
                TreeMap<String, Binding> data = data();
                yield build(action, () -> new Step.CallAction(l, action.text(), data));
            }
            case "go" -> {
                next();
                expect("to");
                Token to = target(parts);
                yield build(label, () -> new Step.GoTo(l, to.text()));
            }
            case "end" -> {
                next();
                yield build(label, () -> new Step.End(l));
            }
            default -> throw expectedHere("a step such as 'wait 4h' or 'send ...'", STEPS);
        };
        if (!peek().firstOnLine() && !at(Kind.EOF)) {
            throw expected("a new line after the step", List.of());
        }
        parts.steps.add(step);
    }

    /**
     * A split's {@code pick winner after 500 per variant at 95%}; each number outside its range is reported
     * at it, naming the range.
     */
    private Step.WinnerRule winnerRule(ProgramParts parts, String split) {
        Token pick = expect("pick");
        expect("winner");
        expect("after");
        int minimum = whole("a number of messages such as 500", Step.WinnerRule.MIN_SAMPLE, Limits.MAX_COUNT,
                "the minimum per variant of split '" + split + "' is limited to " + MAX_COUNT,
                "the minimum per variant of split '" + split + "' must be at least " + Step.WinnerRule.MIN_SAMPLE);
        expect("per");
        expect("variant");
        expect("at");
        Token at = peek();
        double number = number("a confidence such as 95%");
        boolean percent = accept(Kind.PERCENT);
        double confidence = percent ? number / 100.0 : number;
        if (!(confidence >= Step.WinnerRule.MIN_CONFIDENCE && confidence < 1)) {
            throw error(at, "the confidence of split '" + split + "' must be from 80% to below 100%, got "
                    + Windows.number(number) + (percent ? "%" : number > 1 && number < 100 ? "; did you mean "
                    + Windows.number(number) + "%?" : ""));
        }
        parts.winners.put(split, pick);
        return build(pick, () -> new Step.WinnerRule(minimum, confidence));
    }

    private Token target(ProgramParts parts) {
        Token t = nameToken("a step label");
        parts.targets.add(new Ref(t.text(), t.line(), t.column()));
        return t;
    }

    /**
     * Whether a comma and a channel come next, rather than a comma and data ({@code , name = binding}): the
     * name after the comma ends the line or is followed by another comma or 'with'.
     */
    private boolean atChannel() {
        Token after = peek(2);
        return at(Kind.COMMA) && (peek(1).kind() == Kind.IDENT || peek(1).kind() == Kind.STRING)
                && (after.kind() == Kind.COMMA || after.kind() == Kind.EOF || after.firstOnLine() || after.is("with"));
    }

    private ChannelChoice channelChoice() {
        Token t = nameToken("a channel or 'preferred'");
        if (t.is("preferred")) {
            List<Channel> order = new ArrayList<>();
            while (atChannel()) {
                next();
                Token ch = next();
                order.add(build(ch, () -> Channel.of(ch.text())));
            }
            return build(t, () -> new ChannelChoice(true, order));
        }
        if (atChannel()) {
            Token second = peek(1);
            throw error(second, "a named channel is exactly one; for a fallback order write 'by preferred, "
                    + t.text() + ", " + second.text() + "'");
        }
        return build(t, () -> ChannelChoice.of(Channel.of(t.text())));
    }

    private TreeMap<String, Binding> data() {
        TreeMap<String, Binding> data = new TreeMap<>();
        while (accept(Kind.COMMA)) {
            Token name = nameToken("a data name");
            expect(Kind.ASSIGN, "'='");
            Binding b = binding();
            if (data.put(name.text(), b) != null) {
                throw error(name, "data '" + name.text() + "' is given twice");
            }
        }
        return data;
    }

    private Binding binding() {
        Token t = peek();
        if (t.kind() == Kind.IDENT && (t.text().startsWith("trigger.") || t.text().startsWith("customer."))) {
            next();
            int dot = t.text().indexOf('.');
            String rest = t.text().substring(dot + 1);
            return build(t, () -> t.text().startsWith("trigger.") ? Binding.trigger(rest) : Binding.attribute(rest));
        }
        if ((t.is("trigger") || t.is("customer")) && peek(1).kind() == Kind.STRING) {
            next();
            Token name = next();
            return build(name, () -> t.is("trigger") ? Binding.trigger(name.text()) : Binding.attribute(name.text()));
        }
        if (t.kind() == Kind.IDENT && !t.is("true") && !t.is("false") && !t.is("date")) {
            throw error(t, "expected trigger.<property>, customer.<attribute> or a value, found " + t.describe()
                    + Suggest.hint(t.text(), List.of("trigger", "customer")));
        }
        Value value = literal();
        return build(t, () -> Binding.constant(value));
    }
}
