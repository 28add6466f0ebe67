package io.relevans.examples.retailer;

import io.relevans.definition.Definitions;
import io.relevans.spi.SimpleTemplates;

/** The message templates of the example's programs, one per template id the definitions name. */
public final class RetailerTemplates {

    private static final String LINES = "<ul>{{#lines}}<li>{{sku}}: NOK {{price}}</li>{{/lines}}</ul>";

    private RetailerTemplates() {
    }

    /** Every template of the retailer's programs. */
    public static SimpleTemplates all() {
        return known().build();
    }

    /**
     * The retailer's templates and, for each other template the definitions name (changed definitions in a
     * backtest), one that renders as its id.
     */
    public static SimpleTemplates covering(Definitions definitions) {
        SimpleTemplates all = all();
        SimpleTemplates.Builder b = known();
        definitions.templateIds().stream().filter(id -> !all.knows(id)).forEach(id -> b.template(id, id, id));
        return b.build();
    }

    private static SimpleTemplates.Builder known() {
        return SimpleTemplates.builder()
                .template("cart_reminder", "Still thinking about it?", "<p>You left these in your cart:</p>" + LINES)
                .template("cart_reminder_help", "Questions about your cart?",
                        "<p>Our staff can help you choose. Still in your cart:</p>" + LINES)
                .template("welcome", "Welcome to Nordhus", "<p>Good to have you with us.</p>")
                .template("birthday_greeting", "Happy birthday, {{name}}!",
                        "<p>Happy birthday, {{name}}! Enjoy 15% off this week.</p>")
                .template("tv_care_tips", "Getting the best from your new TV",
                        "<p>Five settings worth a look on your new TV:</p>" + LINES)
                .template("tv_accessories", "Complete your TV corner", "<p>A soundbar and a wall bracket go well with it.</p>")
                .template("tent_care_tips", "Looking after your tent", "<p>Dry it before you pack it away.</p>" + LINES)
                .template("sleeping_bags", "Warm nights outdoors", "<p>Sleeping bags for every season.</p>")
                .template("washer_getting_started", "Getting started with your washing machine",
                        "<p>How to install and run the first wash.</p>" + LINES)
                .template("washer_happy", "Happy with your washing machine?", "<p>Tell us in one click.</p>")
                .template("miss_you", "We miss you", "<p>Come back with code {{coupon}} for 15% off.</p>")
                .template("predicted_winback", "It has been a while",
                        "<p>We would love to see you again: code {{coupon}} gives you 15% off your next order.</p>")
                .template("product_review", "How was it?", "<p>Rate what you bought.</p>")
                .template("support_survey", "How did we do?", "How did our customer service do? Answer 1-5.")
                .template("confirm_children", "Is this still right?", "<p>Do you still have children at home?</p>")
                .template("complaint_received", "We are on it", "<p>We are sorry. Your case is with our team.</p>")
                .template("party_dresses", "New party dresses", "<p>The season's dresses are in.</p>")
                .template("balcony_offer", "Balcony furniture", "Small balcony, big evenings: new balcony furniture.")
                .template("in_store_tv", "TV offer", "Offer the customer this week's TV deal.");
    }
}
