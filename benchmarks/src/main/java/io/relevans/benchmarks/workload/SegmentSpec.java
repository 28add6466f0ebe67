package io.relevans.benchmarks.workload;

import static io.relevans.definition.Conditions.allOf;
import static io.relevans.definition.Conditions.anyOf;
import static io.relevans.definition.Conditions.attribute;
import static io.relevans.definition.Conditions.hasConsent;
import static io.relevans.definition.Conditions.inSegment;
import static io.relevans.definition.Conditions.not;
import static io.relevans.definition.Conditions.notInterestedIn;

import io.relevans.customer.Category;
import io.relevans.customer.Channel;
import io.relevans.customer.Purpose;
import io.relevans.definition.Condition;
import io.relevans.definition.Feature;
import io.relevans.definition.Features;
import io.relevans.definition.Operator;
import io.relevans.definition.Segment;
import io.relevans.definition.Tier;
import io.relevans.definition.Window;
import io.relevans.event.EventType;
import java.time.Duration;
import java.util.List;

/**
 * One benchmark segment as parameters of its family: the single source from which the engine's
 * {@link Segment}, the hand-written Java, the naive DRL and the Easy Rules rule are all made, so every
 * baseline evaluates the same definitions.
 *
 * @param index      position in the definition set (0..99); nested segments refer to lower ones
 * @param family     the family
 * @param category   the category the segment looks at, if any
 * @param windowDays the window in days, if any
 * @param threshold  the family's number: count, amount, days, age, tier ordinal
 * @param text       the family's text: a gender
 * @param refIn      for nested segments, the index of the segment required, else -1
 * @param refNotIn   for nested segments, the index of the segment excluded, else -1
 */
public record SegmentSpec(int index, SegmentFamily family, String category, int windowDays, double threshold,
                          String text, int refIn, int refNotIn) {

    /** Days a "has children" attribute must be older than. */
    public static final int PARENT_AGE_DAYS = 3 * 365;

    /** The segment's name. */
    public String name() {
        return name(index);
    }

    /** The name of the segment at an index. */
    public static String name(int index) {
        return String.format("seg_%02d_", index) + switch (index % 10) {
            case 0 -> "category_buyer";
            case 1 -> "spender";
            case 2 -> "price_tier";
            case 3 -> index % 20 == 3 ? "omnichannel" : "store_regular";
            case 4 -> "lapsed";
            case 5 -> "gender_or_browser";
            case 6 -> "parent";
            case 7 -> index % 20 == 7 ? "unhappy" : "engaged";
            case 8 -> "age";
            default -> "nested";
        };
    }

    /** Whether the variant of a two-variant family is the first (even index). */
    public boolean firstVariant() {
        return (index / 10) % 2 == 0;
    }

    /** The window. */
    public Window window() {
        return Window.days(windowDays);
    }

    /** The tier of a price-tier segment. */
    public Tier tier() {
        return Tier.values()[(int) threshold];
    }

    /** The feature the segment compares, or null for families that compare none. */
    public Feature feature() {
        return switch (family) {
            case CATEGORY_BUYER -> Features.count(EventType.PURCHASE).where("line.category", category).within(window());
            case SPENDER -> Features.sum(EventType.PURCHASE, "line.amount").within(window());
            case PRICE_TIER -> Features.priceTier(Category.of(category));
            case OMNICHANNEL_OR_STORE -> firstVariant() ? Features.channelsUsed(window())
                    : Features.count(EventType.STORE_VISIT).within(window());
            case LAPSED_WITH_CONSENT -> Features.daysSince(EventType.PURCHASE);
            case GENDER_OR_BROWSER -> Features.count(EventType.PRODUCT_VIEW).where("category", category).within(window());
            case UNHAPPY_OR_ENGAGED -> firstVariant() ? Features.max(EventType.REVIEW, "rating").within(window())
                    : Features.count(EventType.MESSAGE_CLICKED).within(window());
            default -> null;
        };
    }

    /** The segment for the engine. */
    public Segment segment() {
        return Segment.named(name()).describedAs(family.name().toLowerCase(java.util.Locale.ROOT)).when(condition());
    }

    /** The segment's condition. */
    public Condition condition() {
        return switch (family) {
            case CATEGORY_BUYER, OMNICHANNEL_OR_STORE -> feature().atLeast(threshold);
            case SPENDER -> feature().greaterThan(threshold);
            case PRICE_TIER -> ((Feature.PriceTier) feature()).is(tier());
            case LAPSED_WITH_CONSENT -> allOf(feature().greaterThan(threshold), hasConsent(Channel.EMAIL,
                    Purpose.MARKETING));
            case GENDER_OR_BROWSER -> anyOf(attribute("gender").is(text), feature().atLeast(threshold));
            case PARENT_NOT_EXCLUDED -> allOf(attribute("has_children").olderThan(Duration.ofDays(PARENT_AGE_DAYS)),
                    not(notInterestedIn(category)));
            case UNHAPPY_OR_ENGAGED -> firstVariant() ? feature().atMost(threshold) : feature().atLeast(threshold);
            case AGE -> attribute("age").is(Operator.GE, threshold);
            case NESTED -> refIn < 0 ? attribute("gender").present()
                    : allOf(inSegment(name(refIn)), not(inSegment(name(refNotIn))));
        };
    }

    /** The specs of the benchmark's segments for a seed: 100 of them, ten per family. */
    static List<SegmentSpec> generate(java.util.Random random, int count) {
        List<String> categories = Catalogue.CATEGORIES;
        int[] windows = {7, 30, 90, 365};
        java.util.ArrayList<SegmentSpec> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            SegmentFamily family = SegmentFamily.values()[i % 10];
            String category = categories.get((i / 10 + random.nextInt(3)) % categories.size());
            int window = windows[random.nextInt(windows.length)];
            double threshold;
            String text = "";
            int refIn = -1;
            int refNotIn = -1;
            switch (family) {
                case CATEGORY_BUYER -> threshold = 1 + random.nextInt(3);
                case SPENDER -> threshold = 100 * (2 + random.nextInt(40));
                case PRICE_TIER -> threshold = random.nextInt(3);
                case OMNICHANNEL_OR_STORE -> threshold = (i / 10) % 2 == 0 ? 2 : 1 + random.nextInt(3);
                case LAPSED_WITH_CONSENT -> threshold = 20 + random.nextInt(120);
                case GENDER_OR_BROWSER -> {
                    threshold = 2 + random.nextInt(4);
                    text = random.nextBoolean() ? "female" : "male";
                }
                case UNHAPPY_OR_ENGAGED -> threshold = (i / 10) % 2 == 0 ? 2 : 1;
                case AGE -> threshold = 20 + random.nextInt(45);
                case NESTED -> {
                    threshold = 0;
                    if (i >= 10) {
                        refIn = random.nextInt(i);
                        do {
                            refNotIn = random.nextInt(i);
                        } while (refNotIn == refIn);
                    }
                }
                default -> threshold = 0;
            }
            out.add(new SegmentSpec(i, family, category, window, threshold, text, refIn, refNotIn));
        }
        return out;
    }
}
