package io.relevans.console.internal.desk;

import io.relevans.Relevans;
import io.relevans.backtest.Backtest;
import io.relevans.console.UserList;
import io.relevans.console.spi.Authenticator;
import io.relevans.spi.EventArchive;
import io.relevans.spi.Storage;
import io.relevans.spi.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code Console.Builder} collected, checked.
 *
 * @param engine        the engine
 * @param storage       its storage, read only
 * @param archive       its event archive, for timelines
 * @param clock         dates what staff record
 * @param users         the console's own users, or
 * @param authenticator the application's sign-in
 * @param templates     the engine's templates, for dry loads
 * @param backtest      a backtest of recent history, for checks of changed definitions
 * @param surveyEvent   the event type the survey button records
 * @param staleAfter    default age at which attributes are marked stale
 * @param refresh       how long aggregates are kept
 * @param channelGroups segments compared on the channel use page
 * @param title         the pages' title
 */
public record Settings(Relevans engine, Storage storage, Optional<EventArchive> archive, Clock clock,
                       Optional<UserList> users, Optional<Authenticator> authenticator,
                       Optional<TemplateRenderer> templates, Optional<Supplier<Backtest>> backtest, String surveyEvent,
                       Duration staleAfter, Duration refresh, List<String> channelGroups, String title) {
}
