package io.relevans.console;

import io.relevans.Relevans;
import io.relevans.backtest.Backtest;
import io.relevans.console.internal.ConsoleServlet;
import io.relevans.console.internal.desk.Settings;
import io.relevans.console.spi.Authenticator;
import io.relevans.event.EventType;
import io.relevans.spi.EventArchive;
import io.relevans.spi.Storage;
import io.relevans.spi.TemplateRenderer;
import jakarta.servlet.http.HttpServlet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The console of one engine: pages for store staff, customer service and marketers, and the JSON REST API
 * behind them ({@code /api/...}, described at {@code /api/openapi.json}), as one servlet. Mount
 * {@link #servlet()} in the application's own web server at any path, or run it on its own with {@link
 * ConsoleServer}:
 *
 * <pre>{@code
 * Console console = Console.builder()
 *         .engine(engine)                 // the running engine
 *         .storage(storage)               // its storage: segment sizes, suppressions (read only)
 *         .archive(archive)               // its event archive, if any: the customer timeline's events
 *         .users(UserList.builder().user("kari", "a long password", Role.STAFF).build())
 *         .build();
 * // Spring Boot: new ServletRegistrationBean<>(console.servlet(), "/console/*")
 * }</pre>
 *
 * What staff record in the console (corrections, notes, complaints, survey requests) goes to the engine as
 * events, with the console's clock as their time, so the engine's guards apply to everything it sends.
 * Immutable and thread-safe.
 */
public final class Console {

    /** The event type a survey request is recorded as unless the builder says otherwise. */
    public static final String DEFAULT_SURVEY_EVENT = "survey_requested";
    /** How old an attribute may be before the pages mark it stale, unless a definition tests a shorter age. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofDays(730);
    /** How long aggregates (results, suppressions, segment sizes) are kept before they are counted again. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
    /** The segments compared as omnichannel and single-channel customers unless the builder says otherwise. */
    public static final List<String> DEFAULT_CHANNEL_GROUPS = List.of("omnichannel", "single_channel");

    private final Settings settings;
    private final ConsoleServlet servlet;

    private Console(Settings settings) {
        this.settings = settings;
        this.servlet = new ConsoleServlet(settings);
    }

    /** Starts configuring a console. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The servlet that serves the console: pages at its root, the API under {@code api/}, its script and style
     * sheet under {@code assets/}. Map it to a path with a wildcard, such as {@code /console/*} or {@code /*};
     * the same instance on every call.
     */
    public HttpServlet servlet() {
        return servlet;
    }

    /** The console's title, shown on every page. */
    public String title() {
        return settings.title();
    }

    /**
     * Counts segment sizes now (one read of every customer record) and keeps them for the pages' sizes over
     * time, as each count of the figures does; call it from the application's scheduler to keep a history while
     * nobody looks. The last {@value io.relevans.console.internal.desk.Aggregates#MAX_SAMPLES} counts are kept,
     * one per moment of the console's clock.
     */
    public void sampleSegmentSizes() {
        servlet.aggregates().sampleSizes();
    }

    /** Configures a {@link Console}; every setter validates at once and may be called once. */
    public static final class Builder {

        private @Nullable Relevans engine;
        private @Nullable Storage storage;
        private @Nullable EventArchive archive;
        private @Nullable Clock clock;
        private @Nullable UserList users;
        private @Nullable Authenticator authenticator;
        private @Nullable TemplateRenderer templates;
        private @Nullable Supplier<Backtest> backtest;
        private @Nullable String surveyEvent;
        private @Nullable Duration staleAfter;
        private @Nullable Duration refresh;
        private @Nullable List<String> channelGroups;
        private @Nullable String title;

        private Builder() {
        }

        private static void once(@Nullable Object current, String what) {
            if (current != null) {
                throw new IllegalStateException(what + " was already set");
            }
        }

        /** The engine the console shows and feeds; required. */
        public Builder engine(Relevans engine) {
            once(this.engine, "the engine");
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * The engine's storage, read for aggregates (segment sizes, suppressions by guard, channel use); the
         * console never writes to it. Required.
         */
        public Builder storage(Storage storage) {
            once(this.storage, "the storage");
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * The engine's event archive: the customer timeline shows the events kept there (purchases, visits,
         * reviews, complaints, contacts, notes). Without one the timeline shows the messages only.
         */
        public Builder archive(EventArchive archive) {
            once(this.archive, "the archive");
            this.archive = Objects.requireNonNull(archive, "archive");
            return this;
        }

        /**
         * The clock that dates what staff record, and the ages shown: the engine's clock, so that events are
         * not refused as ahead of it. Default: the system clock in UTC.
         */
        public Builder clock(Clock clock) {
            once(this.clock, "the clock");
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The console's own users (the console on its own): a sign-in form for the pages and HTTP Basic on the
         * API. Either this or {@link #authenticator(Authenticator)}.
         */
        public Builder users(UserList users) {
            once(this.users, "the user list");
            this.users = Objects.requireNonNull(users, "users");
            return this;
        }

        /**
         * Sign-in through the hosting application (its security has signed the user in before the console
         * sees the request). Either this or {@link #users(UserList)}.
         */
        public Builder authenticator(Authenticator authenticator) {
            once(this.authenticator, "the authenticator");
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * The engine's templates, so that checking changed definitions also finds templates the engine would
         * refuse. Without them a check says it did not look.
         */
        public Builder templates(TemplateRenderer templates) {
            once(this.templates, "the templates");
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /**
         * A backtest of recent history: checking changed definitions then also replays it with the loaded and
         * the changed definitions and shows what the change would send differently. Called for each check that
         * asks for it; a backtest may take a while on a long history.
         */
        public Builder backtest(Supplier<Backtest> recentHistory) {
            once(this.backtest, "the backtest");
            this.backtest = Objects.requireNonNull(recentHistory, "recentHistory");
            return this;
        }

        /**
         * The event type the survey button records (S12): a program that starts on it sends the survey,
         * through every guard. Default {@value #DEFAULT_SURVEY_EVENT}.
         *
         * @throws io.relevans.event.EventFormatException when it is not a valid event type name
         */
        public Builder surveyEvent(String type) {
            once(this.surveyEvent, "the survey event");
            this.surveyEvent = EventType.of(type).name();
            return this;
        }

        /**
         * How old an attribute may be before the pages mark it stale (S20) when no loaded definition tests a
         * shorter age for it; default {@link #DEFAULT_STALE_AFTER}.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder staleAfter(Duration age) {
            once(this.staleAfter, "the stale age");
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("staleAfter must be positive, got " + age);
            }
            this.staleAfter = age;
            return this;
        }

        /**
         * How long aggregates are kept before they are counted again (each count reads every customer and
         * message); default {@link #DEFAULT_REFRESH}.
         *
         * @throws IllegalArgumentException when negative or over a day
         */
        public Builder refreshEvery(Duration interval) {
            once(this.refresh, "the refresh interval");
            if (interval.isNegative() || interval.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("refreshEvery must be 0 to 1 day, got " + interval);
            }
            this.refresh = interval;
            return this;
        }

        /**
         * The segments compared on the channel use page (S17), such as omnichannel and single-channel
         * customers; default {@link #DEFAULT_CHANNEL_GROUPS}.
         *
         * @throws IllegalArgumentException when none or more than 10 are given
         */
        public Builder channelGroups(String... segments) {
            once(this.channelGroups, "the channel groups");
            if (segments.length == 0 || segments.length > 10) {
                throw new IllegalArgumentException("give 1..10 channel group segments, got " + segments.length);
            }
            this.channelGroups = List.of(segments);
            return this;
        }

        /**
         * The title on every page; default "Relevans".
         *
         * @throws IllegalArgumentException when blank or over 100 characters
         */
        public Builder title(String title) {
            once(this.title, "the title");
            if (title.isBlank() || title.length() > 100) {
                throw new IllegalArgumentException("the title must be 1..100 characters");
            }
            this.title = title;
            return this;
        }

        /**
         * The console.
         *
         * @throws IllegalStateException when the engine or storage is missing, or not exactly one of users and
         *                               authenticator is set
         */
        public Console build() {
            if (engine == null) {
                throw new IllegalStateException("a console needs the engine: call engine(...)");
            }
            if (storage == null) {
                throw new IllegalStateException("a console needs the engine's storage: call storage(...)");
            }
            if ((users == null) == (authenticator == null)) {
                throw new IllegalStateException("a console needs either its own users (users(...)) or the "
                        + "application's sign-in (authenticator(...)), not both");
            }
            return new Console(new Settings(engine, storage, Optional.ofNullable(archive),
                    clock != null ? clock : Clock.systemUTC(), Optional.ofNullable(users),
                    Optional.ofNullable(authenticator), Optional.ofNullable(templates), Optional.ofNullable(backtest),
                    surveyEvent != null ? surveyEvent : DEFAULT_SURVEY_EVENT,
                    staleAfter != null ? staleAfter : DEFAULT_STALE_AFTER, refresh != null ? refresh : DEFAULT_REFRESH,
                    channelGroups != null ? channelGroups : DEFAULT_CHANNEL_GROUPS, title != null ? title : "Relevans"));
        }
    }
}
