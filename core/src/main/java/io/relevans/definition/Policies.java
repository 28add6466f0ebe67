package io.relevans.definition;

import io.relevans.customer.Channel;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The guards the engine enforces after any program logic, for every program: caps per channel and
 * across programs (S4), quiet hours (messages due at night wait for morning), intimate channels that
 * need a highly relevant message (S16), category exclusions by customer data (S16, S18), and no
 * better offer right after a purchase in the same category (S10). Consent and declared disinterest
 * (S21, S24) are always enforced and need no setting.
 *
 * @param caps                    channel and overall caps
 * @param quietFrom               start of the quiet hours, local time
 * @param quietTo                 end of the quiet hours, local time
 * @param defaultZone             the time zone of customers without a {@code time_zone} attribute
 * @param intimateChannels        channels used for marketing only when the program's high-relevance condition holds
 * @param exclusions              categories not for some customers
 * @param noBetterOfferAfterPurchase how long after buying in a category no offer for it is sent
 * @param purchaseDayZone         the zone whose calendar days the customer-base predictions count purchases
 *                                in (purchases on one day are one purchase); UTC unless set
 */
public record Policies(List<FrequencyCap> caps, LocalTime quietFrom, LocalTime quietTo, ZoneId defaultZone,
                       Set<Channel> intimateChannels, List<CategoryExclusion> exclusions,
                       Duration noBetterOfferAfterPurchase, ZoneId purchaseDayZone) {

    /**
     * Quiet from 21:00 to 08:00 Oslo time, SMS and push intimate, no caps, 30 days after a purchase, purchase
     * days counted in UTC.
     */
    public static final Policies DEFAULT = new Policies(List.of(), LocalTime.of(21, 0), LocalTime.of(8, 0),
            ZoneId.of("Europe/Oslo"), Set.of(Channel.SMS, Channel.PUSH), List.of(), Duration.ofDays(30),
            java.time.ZoneOffset.UTC);

    /** Copies the collections; program caps belong to the program, not here. */
    public Policies {
        caps = List.copyOf(caps);
        Objects.requireNonNull(quietFrom, "quiet hours start");
        Objects.requireNonNull(quietTo, "quiet hours end");
        Objects.requireNonNull(defaultZone, "default zone");
        intimateChannels = Set.copyOf(intimateChannels);
        exclusions = List.copyOf(exclusions);
        Objects.requireNonNull(noBetterOfferAfterPurchase, "no better offer period");
        Limits.duration("the no-better-offer period", noBetterOfferAfterPurchase);
        for (FrequencyCap cap : caps) {
            if (cap.program().isPresent()) {
                throw new IllegalArgumentException("program caps are set on the program: " + cap.describe());
            }
        }
    }

    /** These policies with another cap. */
    public Policies withCap(FrequencyCap cap) {
        List<FrequencyCap> more = new java.util.ArrayList<>(caps);
        more.add(cap);
        return new Policies(more, quietFrom, quietTo, defaultZone, intimateChannels, exclusions,
                noBetterOfferAfterPurchase, purchaseDayZone);
    }

    /** These policies with another category exclusion. */
    public Policies withExclusion(CategoryExclusion exclusion) {
        List<CategoryExclusion> more = new java.util.ArrayList<>(exclusions);
        more.add(exclusion);
        return new Policies(caps, quietFrom, quietTo, defaultZone, intimateChannels, more,
                noBetterOfferAfterPurchase, purchaseDayZone);
    }

    /** These policies with other quiet hours. */
    public Policies withQuietHours(LocalTime from, LocalTime to) {
        return new Policies(caps, from, to, defaultZone, intimateChannels, exclusions,
                noBetterOfferAfterPurchase, purchaseDayZone);
    }

    /** These policies with another default time zone. */
    public Policies withDefaultZone(ZoneId zone) {
        return new Policies(caps, quietFrom, quietTo, zone, intimateChannels, exclusions,
                noBetterOfferAfterPurchase, purchaseDayZone);
    }

    /** These policies with other intimate channels. */
    public Policies withIntimateChannels(Set<Channel> channels) {
        return new Policies(caps, quietFrom, quietTo, defaultZone, channels, exclusions,
                noBetterOfferAfterPurchase, purchaseDayZone);
    }

    /** These policies with another period of no better offer after a purchase. */
    public Policies withNoBetterOfferAfterPurchase(Duration period) {
        return new Policies(caps, quietFrom, quietTo, defaultZone, intimateChannels, exclusions, period,
                purchaseDayZone);
    }

    /** These policies with another zone for the days of purchases that predictions count. */
    public Policies withPurchaseDayZone(ZoneId zone) {
        return new Policies(caps, quietFrom, quietTo, defaultZone, intimateChannels, exclusions,
                noBetterOfferAfterPurchase, zone);
    }

    /** Whether a local time falls in the quiet hours. */
    public boolean isQuiet(LocalTime time) {
        if (quietFrom.equals(quietTo)) {
            return false;
        }
        return quietFrom.isBefore(quietTo) ? !time.isBefore(quietFrom) && time.isBefore(quietTo)
                : !time.isBefore(quietFrom) || time.isBefore(quietTo);
    }
}
