package io.relevans.spring.boot;

import io.relevans.ChannelStatus;
import io.relevans.Relevans;
import io.relevans.definition.Definitions;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import io.relevans.dsl.Diagnostic;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code relevans} actuator endpoint: {@code GET /actuator/relevans} shows the definitions the engine
 * runs (segments, programs, templates, warnings), where they come from with the diagnostics of the load
 * the engine runs and of the last one tried, the channels' states and the last tick; {@code POST
 * /actuator/relevans} reloads the definitions and answers what the reload did (with errors, the engine
 * keeps what it ran). Expose it with {@code management.endpoints.web.exposure.include=health,relevans},
 * and secure it as any write operation.
 */
@Endpoint(id = "relevans")
public class RelevansEndpoint {

    private final Relevans engine;
    private final RelevansDefinitions definitions;
    private final @Nullable RelevansTicker ticker;

    /**
     * @param engine      the engine
     * @param definitions where its definitions come from and their reloads
     * @param ticker      what ticks it, or null when the starter does not
     */
    public RelevansEndpoint(Relevans engine, RelevansDefinitions definitions, @Nullable RelevansTicker ticker) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.ticker = ticker;
    }

    /** What the engine runs, and how it stands. */
    @ReadOperation
    public Summary summary() {
        Definitions running = engine.definitions();
        RunningDefinitions defs = new RunningDefinitions(definitions.location().describe(),
                running.segments().stream().map(Segment::name).toList(),
                running.programs().stream().map(Program::name).toList(),
                List.copyOf(running.templateIds()), running.warnings());
        return new Summary(defs, definitions.current().map(Load::of).orElse(null), Load.of(definitions.lastAttempt()),
                engine.channels().stream().map(ChannelState::of).toList(),
                ticker == null ? null : ticker.last().map(Tick::of).orElse(null));
    }

    /** Reloads the definitions from their location. */
    @WriteOperation
    public Load reload() {
        return Load.of(definitions.reload());
    }

    /**
     * The endpoint's answer to a read.
     *
     * @param definitions what the engine runs
     * @param load        the load the engine runs; null when none ever loaded
     * @param lastAttempt the last load tried, loaded or not
     * @param channels    each channel with an adapter
     * @param lastTick    the last scheduled tick; null before the first or when the starter does not tick
     */
    public record Summary(RunningDefinitions definitions, @Nullable Load load, Load lastAttempt,
                          List<ChannelState> channels, @Nullable Tick lastTick) {
    }

    /**
     * The definitions the engine runs.
     *
     * @param source    where they are read from
     * @param segments  the segments' names
     * @param programs  the programs' names
     * @param templates the template ids the programs use
     * @param warnings  what is allowed but probably not meant
     */
    public record RunningDefinitions(String source, List<String> segments, List<String> programs,
                                     List<String> templates, List<String> warnings) {
    }

    /**
     * One load of the definitions files.
     *
     * @param source      where the files were read
     * @param at          when, ISO-8601
     * @param loaded      whether the engine runs what was read
     * @param diagnostics errors and warnings as {@code file:line:col: error: message}
     * @param refusals    problems without a file position
     */
    public record Load(String source, String at, boolean loaded, List<String> diagnostics, List<String> refusals) {

        static Load of(DefinitionsLoad load) {
            return new Load(load.source(), load.at().toString(), load.loaded(),
                    load.diagnostics().stream().map(Diagnostic::format).toList(), load.refusals());
        }
    }

    /**
     * One channel's state ({@link ChannelStatus}).
     *
     * @param channel     the channel's name
     * @param state       WORKING, FAILING, PAUSED or TRYING
     * @param failures    failures in a row
     * @param pausedSince when the pauses began, ISO-8601; null unless paused or trying
     * @param pausedUntil when the pause ends, ISO-8601; null unless paused or trying
     * @param lastFailure the channel's words for its last failure; empty when it works
     */
    public record ChannelState(String channel, String state, int failures, @Nullable String pausedSince,
                               @Nullable String pausedUntil, String lastFailure) {

        static ChannelState of(ChannelStatus s) {
            return new ChannelState(s.channel().name(), s.state().name(), s.failures(),
                    s.pausedSince().map(Object::toString).orElse(null),
                    s.pausedUntil().map(Object::toString).orElse(null), s.lastFailure());
        }
    }

    /**
     * The last scheduled tick.
     *
     * @param at          when it ended, ISO-8601
     * @param timersFired due timers fired
     * @param scheduled   scheduled program starts
     * @param sent        messages the channels accepted
     * @param retrying    messages to be tried again
     * @param dead        messages given up
     * @param paused      messages waiting for a paused channel
     * @param failure     the class of what the tick threw; null when it did not
     */
    public record Tick(String at, int timersFired, int scheduled, int sent, int retrying, int dead, int paused,
                       @Nullable String failure) {

        static Tick of(RelevansTicker.LastTick t) {
            return t.report().map(r -> new Tick(t.at().toString(), r.timersFired(), r.scheduled(), r.dispatch().sent(),
                            r.dispatch().retrying(), r.dispatch().dead(), r.dispatch().paused(), null))
                    .orElseGet(() -> new Tick(t.at().toString(), 0, 0, 0, 0, 0, 0, t.failure().orElseThrow()));
        }
    }
}
