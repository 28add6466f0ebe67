package io.relevans.internal.program;

import io.relevans.ChannelBreaker;
import io.relevans.ChannelStatus;
import io.relevans.DispatchReport;
import io.relevans.RetryPolicy;
import io.relevans.customer.Channel;
import io.relevans.customer.Customer;
import io.relevans.customer.Identity;
import io.relevans.customer.IdentityType;
import io.relevans.spi.ChannelAdapter;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.Delivery;
import io.relevans.spi.EngineObserver;
import io.relevans.spi.Message;
import io.relevans.spi.Outbox;
import io.relevans.spi.RenderedMessage;
import io.relevans.spi.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands due messages from the outbox to the channel adapters, with retries. For each due message:
 * finds the adapter of its channel, addresses it to the customer's first identity (in the profile's
 * sorted order) of the kind the adapter needs, renders it, delivers it and records the outcome in the
 * outbox: {@link Message.Status#SENT}, {@link Message.Status#RETRYING} with the next attempt after the
 * {@link RetryPolicy}'s delay (jittered by the message id) and not before the provider's {@code
 * Retry-After}, or {@link Message.Status#DEAD} with the reason. Messages that cannot be sent at all (no
 * adapter, no address, the customer erased, the template failing) go dead at once without counting as an
 * attempt.
 *
 * <p>A channel that keeps failing is paused ({@link ChannelBreaker}): its due messages are not handed
 * to it but wait, with their status, for the end of the pause, when one is tried; a message whose retry
 * budget is spent by failures of the channel waits for it too, and is given up only when it waited
 * longer than the breaker allows. Waiting messages stay pending or retrying, so the guards at delivery
 * (applied as events arrive) still stop them.
 *
 * <p>Logs ids, channels, outcomes and reasons, never an address or message text. One {@code dispatch}
 * runs at a time per dispatcher; dispatchers in several processes on one shared outbox claim each message
 * before delivering it, so one hands it to a channel at a time (another only after the claim ran out).
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Outbox outbox;
    private final Map<Channel, ChannelAdapter> adapters;
    private final TemplateRenderer templates;
    private final CustomerStore customers;
    private final Clock clock;
    private final RetryPolicy retry;
    private final ChannelStates breakers;
    private final CustomerLocks commits;
    private final Duration lease;
    private final EngineObserver observer;
    /** How many due messages are claimed at a time. */
    private static final int BATCH = 100;

    /**
     * @param outbox    where the messages are
     * @param adapters  the adapter of each channel; each must deliver on the channel it is given for
     * @param templates renders messages
     * @param customers where recipients' identities are found
     * @param clock     the only source of time
     * @param retry     when to retry and when to give up
     * @throws IllegalArgumentException when an adapter is registered for a channel it does not deliver on
     */
    public Dispatcher(Outbox outbox, Map<Channel, ChannelAdapter> adapters, TemplateRenderer templates,
                      CustomerStore customers, Clock clock, RetryPolicy retry) {
        this(outbox, adapters, templates, customers, clock, retry, ChannelBreaker.DEFAULT, new CustomerLocks(1),
                DEFAULT_LEASE);
    }

    /** How long claimed messages stay a dispatcher's by default. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

    /**
     * A dispatcher that reads a recipient holding the customer's lock in {@code commits}, under which the
     * engine stores a decision's messages before the customer record they were decided for: a message is
     * then never addressed from a record older than its decision (or missing, for a new customer). Due
     * messages are claimed for {@code lease} before they are handed to channels
     * ({@link Outbox#claimDue(Instant, int, Instant)}), so dispatchers in several processes on one outbox
     * hand a message to a channel one at a time. A channel that keeps failing is paused as {@code
     * breaker} says.
     */
    public Dispatcher(Outbox outbox, Map<Channel, ChannelAdapter> adapters, TemplateRenderer templates,
                      CustomerStore customers, Clock clock, RetryPolicy retry, ChannelBreaker breaker,
                      CustomerLocks commits, Duration lease) {
        this(outbox, adapters, templates, customers, clock, retry, breaker, commits, lease, EngineObserver.disabled());
    }

    /**
     * The dispatcher above that tells {@code observer} of every delivery
     * ({@link EngineObserver#deliveryStarted(Message)}); with {@link EngineObserver#disabled()} it tells
     * nothing.
     */
    public Dispatcher(Outbox outbox, Map<Channel, ChannelAdapter> adapters, TemplateRenderer templates,
                      CustomerStore customers, Clock clock, RetryPolicy retry, ChannelBreaker breaker,
                      CustomerLocks commits, Duration lease, EngineObserver observer) {
        this.breakers = new ChannelStates(breaker);
        this.observer = Objects.requireNonNull(observer, "observer");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.commits = Objects.requireNonNull(commits, "commits");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.adapters = Map.copyOf(Objects.requireNonNull(adapters, "adapters"));
        this.templates = Objects.requireNonNull(templates, "templates");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.adapters.forEach((channel, adapter) -> {
            if (!channel.equals(adapter.channel())) {
                throw new IllegalArgumentException("the adapter given for channel " + channel + " delivers on "
                        + adapter.channel());
            }
        });
    }

    /** Where each channel with an adapter stands at the clock's time, in channel order. */
    public List<ChannelStatus> channels() {
        Instant now = clock.instant();
        return adapters.keySet().stream().sorted().map(c -> breakers.status(c, now)).toList();
    }

    /**
     * Tries to deliver up to {@code limit} due messages (pending or retrying, next attempt at or before
     * the clock's time), earliest first, and records each outcome in the outbox.
     *
     * @param limit the most messages to handle, zero or more
     * @return how many were sent, will be retried, and were given up
     * @throws IllegalArgumentException when the limit is negative
     */
    public synchronized DispatchReport dispatch(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        Instant now = clock.instant();
        int sent = 0;
        int retrying = 0;
        int dead = 0;
        int paused = 0;
        Set<String> handled = new HashSet<>();
        int left = limit;
        Claim claim = new Claim(now, lease);
        boolean late = false;
        while (left > 0 && !late) {
            List<Message> due = outbox.claimDue(now, Math.min(BATCH, left), claim.until());
            boolean fresh = false;
            for (Message m : due) {
                if (!claim.fresh(clock)) {
                    // a delivery starts only while half the claim is left: the rest go back when it runs out
                    late = true;
                    LOG.warn("dispatch stopped: half of the {} claim on due messages has passed", lease);
                    break;
                }
                if (!handled.add(m.id())) {
                    continue; // handled in this call and due again at once (no retry delay): next call
                }
                fresh = true;
                left--;
                if (m.status() != Message.Status.PENDING && m.status() != Message.Status.RETRYING) {
                    continue; // not due after all: the outbox broke its contract; never send twice
                }
                EngineObserver.Delivering span = observer.deliveryStarted(m);
                Message after;
                try {
                    after = handle(m, now);
                    try (CustomerLocks.Held held = commits.lock(m.customer())) {
                        outbox.recordAttempt(after); // keeps a move to another customer or outcomes stored meanwhile
                    }
                } catch (RuntimeException e) {
                    span.failed(e);
                    throw e;
                }
                span.ended(after);
                switch (after.status()) {
                    case SENT -> sent++;
                    case PENDING -> paused++;
                    case RETRYING -> {
                        if (after.attempts() == m.attempts()) {
                            paused++;
                        } else {
                            retrying++;
                        }
                    }
                    default -> {
                        dead++;
                        LOG.warn("message {} of program {} is dead: {}", after.id(), after.program(), after.reason());
                    }
                }
                LOG.debug("message {} by {}: {} after {} attempts", after.id(),
                        after.channel().map(Channel::name).orElse("no channel"), after.status(), after.attempts());
            }
            if (!fresh) {
                break;
            }
        }
        return new DispatchReport(sent, retrying, dead, paused);
    }

    private Message handle(Message m, Instant now) {
        if (m.channel().isEmpty()) {
            return dead(m, "message has no channel");
        }
        Channel channel = m.channel().get();
        ChannelAdapter adapter = adapters.get(channel);
        if (adapter == null) {
            return dead(m, "no adapter for channel " + channel);
        }
        Optional<CustomerRecord> record;
        try (CustomerLocks.Held held = commits.lock(m.customer())) {
            record = customers.load(m.customer());
        }
        if (record.isEmpty()) {
            return dead(m, "customer was erased");
        }
        IdentityType type = adapter.addressType();
        Optional<Identity> recipient = address(record.get().customer(), type);
        if (recipient.isEmpty()) {
            return dead(m, "customer has no " + type.jsonName() + " identity");
        }
        TemplateRenderer.Rendered rendered;
        try {
            rendered = templates.render(m.template(), channel, m.data(), m.lines());
        } catch (RuntimeException e) {
            return dead(m, e.getMessage() == null ? e.getClass().getName() : e.getMessage());
        }
        Optional<Instant> pausedUntil = breakers.pausedAt(channel, now);
        if (pausedUntil.isPresent()) {
            return waitFor(m, channel, pausedUntil.get(), now, m.attempts(), breakers.lastFailure(channel));
        }
        RenderedMessage out = new RenderedMessage(m.id(), channel, recipient.get(), rendered.subject(),
                rendered.body());
        Delivery delivery;
        try {
            delivery = adapter.deliver(out);
            if (delivery == null) {
                delivery = Delivery.retryLater("the " + channel + " adapter answered nothing");
            }
        } catch (RuntimeException e) {
            delivery = Delivery.retryLater(e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        int attempts = m.attempts() + 1;
        boolean spent = attempts >= retry.maxAttempts();
        if (!delivery.channelFailed()) {
            breakers.answered(channel, now, m.id());
        }
        return switch (delivery.outcome()) {
            case ACCEPTED -> m.with(Message.Status.SENT, "", attempts, m.nextAttempt());
            case PERMANENT_FAILURE -> m.with(Message.Status.DEAD, delivery.detail(), attempts, m.nextAttempt());
            case TEMPORARY_FAILURE -> {
                Optional<Instant> pause = delivery.channelFailed()
                        ? breakers.failed(channel, now, delivery, spent) : Optional.empty();
                if (pause.isPresent() && spent) {
                    yield waitFor(m, channel, pause.get(), now, attempts, delivery.detail());
                }
                if (spent) {
                    yield m.with(Message.Status.DEAD, "retry budget spent: " + delivery.detail(), attempts,
                            m.nextAttempt());
                }
                Instant next = now.plus(retry.delayAfter(attempts, m.id()));
                Instant notBefore = delivery.retryAfter().map(now::plus).orElse(next);
                next = later(later(next, notBefore), pause.orElse(next));
                yield m.with(Message.Status.RETRYING, delivery.detail(), attempts, next);
            }
        };
    }

    /**
     * The message waiting for its paused channel until {@code until}, with its status; dead when it has
     * waited longer after its decision than the breaker allows.
     */
    private Message waitFor(Message m, Channel channel, Instant until, Instant now, int attempts, String failure) {
        Duration limit = breakers.policy().giveUpAfter();
        Message.Status status = m.status() == Message.Status.PENDING && attempts == 0
                ? Message.Status.PENDING : Message.Status.RETRYING;
        if (!now.isBefore(m.decidedAt().plus(limit))) {
            return m.with(Message.Status.DEAD, "gave up waiting for the " + channel + " channel: still paused "
                    + limit + " after the decision, the limit" + (failure.isEmpty() ? "" : " (" + failure + ")"),
                    attempts, m.nextAttempt());
        }
        return m.with(status, "waiting for the " + channel + " channel, paused until " + until
                + (failure.isEmpty() ? "" : ": " + failure), attempts, until);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Optional<Identity> address(Customer customer, IdentityType type) {
        return customer.identities().stream().filter(i -> i.type() == type).findFirst();
    }

    private static Message dead(Message m, String reason) {
        return m.with(Message.Status.DEAD, reason, m.attempts(), m.nextAttempt());
    }
}
