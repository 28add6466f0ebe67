package io.relevans.customer;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The customer's answer for one channel and purpose (S13, S24): given or withdrawn, when and how.
 * The newest answer counts.
 *
 * @param channel the channel
 * @param purpose the purpose
 * @param granted true when given, false when withdrawn
 * @param time    when the customer answered
 * @param source  how the answer was recorded
 */
public record Consent(Channel channel, Purpose purpose, boolean granted, Instant time, Source source) {

    private static final Comparator<Consent> PRECEDENCE = Comparator.comparing(Consent::time)
            // on equal times a withdrawal wins: when in doubt, do not send
            .thenComparing(c -> !c.granted())
            .thenComparing(Consent::source);

    /** Never null parts. */
    public Consent {
        Objects.requireNonNull(channel, "consent channel");
        Objects.requireNonNull(purpose, "consent purpose");
        Objects.requireNonNull(time, "consent time");
        Objects.requireNonNull(source, "consent source");
    }

    /** The key this consent is stored under. */
    public Key key() {
        return new Key(channel, purpose);
    }

    /** Whether this answer should win over the other when both are known: the newer one. */
    public boolean supersedes(Consent other) {
        return PRECEDENCE.compare(this, other) >= 0;
    }

    /**
     * A channel and purpose pair.
     *
     * @param channel the channel
     * @param purpose the purpose
     */
    public record Key(Channel channel, Purpose purpose) implements Comparable<Key> {
        /** Never null parts. */
        public Key {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(purpose, "purpose");
        }

        @Override
        public int compareTo(Key other) {
            int c = channel.compareTo(other.channel);
            return c != 0 ? c : purpose.compareTo(other.purpose);
        }
    }
}
