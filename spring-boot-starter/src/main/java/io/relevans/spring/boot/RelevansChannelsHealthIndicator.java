package io.relevans.spring.boot;

import io.relevans.ChannelStatus;
import io.relevans.Relevans;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The channels' health, {@code relevansChannels} under {@code /actuator/health}, from the engine's
 * circuit breakers ({@link Relevans#channels()}): DOWN while a channel is paused (its messages wait, none
 * is lost), UNKNOWN when a pause ended and no message has tried the channel since, UP otherwise (a channel
 * that failed fewer times than pause it still gets messages). Each channel's state, failures in a row,
 * pause and last failure are details. A separate indicator, so that an application can leave it out of
 * a health group: the engine works on while a provider is down.
 */
public final class RelevansChannelsHealthIndicator implements HealthIndicator {

    private final Relevans engine;

    /** @param engine the engine whose channels are reported */
    public RelevansChannelsHealthIndicator(Relevans engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public Health health() {
        List<ChannelStatus> channels = engine.channels();
        Status status = channels.stream().anyMatch(ChannelStatus::paused) ? Status.DOWN
                : channels.stream().anyMatch(c -> c.state() == ChannelStatus.State.TRYING) ? Status.UNKNOWN
                : Status.UP;
        Health.Builder health = Health.status(status);
        for (ChannelStatus c : channels) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", c.state().name());
            details.put("failures", c.failures());
            c.pausedSince().ifPresent(t -> details.put("pausedSince", t.toString()));
            c.pausedUntil().ifPresent(t -> details.put("pausedUntil", t.toString()));
            if (!c.lastFailure().isEmpty()) {
                details.put("lastFailure", c.lastFailure());
            }
            health.withDetail(c.channel().name(), details);
        }
        return health.build();
    }
}
