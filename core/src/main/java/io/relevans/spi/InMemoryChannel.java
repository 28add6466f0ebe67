package io.relevans.spi;

import io.relevans.customer.Channel;
import io.relevans.customer.IdentityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChannelAdapter} for tests and simulations: it sends nothing, but records every message it
 * accepts, in order. It can be told to fail: the next few attempts ({@link #failNext(int, Delivery)})
 * or every attempt until {@link #recover()} ({@link #failAlways(Delivery)}). Failed attempts are
 * counted but not recorded as delivered. Thread-safe.
 */
public final class InMemoryChannel implements ChannelAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryChannel.class);

    private final Channel channel;
    private final IdentityType addressType;
    private final List<RenderedMessage> delivered = new ArrayList<>();
    private int attempts;
    private int failuresLeft;
    private @Nullable Delivery nextFailure;
    private @Nullable Delivery alwaysFailure;

    /**
     * A channel that accepts everything until told otherwise.
     *
     * @param channel     the channel it stands for
     * @param addressType the kind of identity it addresses
     */
    public InMemoryChannel(Channel channel, IdentityType addressType) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.addressType = Objects.requireNonNull(addressType, "address type");
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public IdentityType addressType() {
        return addressType;
    }

    /**
     * Records the message and accepts it, unless told to fail: then answers the failure and records
     * nothing. A {@link #failAlways(Delivery)} failure takes precedence over {@link #failNext(int,
     * Delivery)} ones, which are not used up meanwhile.
     */
    @Override
    public synchronized Delivery deliver(RenderedMessage message) {
        Objects.requireNonNull(message, "message");
        attempts++;
        Delivery answer;
        if (alwaysFailure != null) {
            answer = alwaysFailure;
        } else if (failuresLeft > 0) {
            failuresLeft--;
            answer = Objects.requireNonNull(nextFailure, "a failure is set while failures are left");
        } else {
            delivered.add(message);
            answer = Delivery.accepted();
        }
        LOG.debug("{} attempt {} for message {}: {}", channel, attempts, message.id(), answer.outcome());
        return answer;
    }

    /**
     * Makes the next {@code n} attempts fail with the given delivery, replacing earlier such orders.
     *
     * @param n       how many attempts, zero or more
     * @param failure a temporary or permanent failure
     * @throws IllegalArgumentException when n is negative or the delivery is not a failure
     */
    public synchronized void failNext(int n, Delivery failure) {
        if (n < 0) {
            throw new IllegalArgumentException("number of failures must not be negative, got " + n);
        }
        failuresLeft = n;
        nextFailure = n == 0 ? null : checkFailure(failure);
    }

    /**
     * Makes every attempt fail with the given delivery until {@link #recover()}.
     *
     * @param failure a temporary or permanent failure
     * @throws IllegalArgumentException when the delivery is not a failure
     */
    public synchronized void failAlways(Delivery failure) {
        alwaysFailure = checkFailure(failure);
    }

    /** Accepts messages again: clears {@link #failAlways(Delivery)} and any failures left of {@link #failNext}. */
    public synchronized void recover() {
        alwaysFailure = null;
        failuresLeft = 0;
        nextFailure = null;
    }

    /** A copy of the messages accepted so far, in order. */
    public synchronized List<RenderedMessage> delivered() {
        return List.copyOf(delivered);
    }

    /** How many deliveries were attempted, failed ones included. */
    public synchronized int attempts() {
        return attempts;
    }

    private static Delivery checkFailure(Delivery failure) {
        Objects.requireNonNull(failure, "failure");
        if (failure.outcome() == Delivery.Outcome.ACCEPTED) {
            throw new IllegalArgumentException("a failure must not be an accepted delivery");
        }
        return failure;
    }
}
