package io.relevans.event;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The type of an event. The built-in types below have typed properties the engine understands
 * ({@link #isBuiltIn()}); any other name is a custom type whose properties are free JSON scalars.
 *
 * @param name lower-case name, 1..64 letters, digits or '_'
 */
public record EventType(String name) implements Comparable<EventType> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /** A purchase, online or in a store, with lines (sku, category, price, quantity). */
    public static final EventType PURCHASE = new EventType("purchase");
    /** The cart changed; lines hold the cart's contents after the change (S3). */
    public static final EventType CART_CHANGE = new EventType("cart_change");
    /** A product page was viewed: {@code sku}, {@code category}, optional {@code price}. */
    public static final EventType PRODUCT_VIEW = new EventType("product_view");
    /** A search: {@code query}, optional {@code category} (S15). */
    public static final EventType SEARCH = new EventType("search");
    /** The customer signed up (club, newsletter, account). */
    public static final EventType SIGNUP = new EventType("signup");
    /** Consent given or withdrawn: {@code channel}, {@code purpose}, {@code granted} (S13, S24). */
    public static final EventType CONSENT_CHANGE = new EventType("consent_change");
    /**
     * A declared preference: {@code category} with {@code interest} ({@code interested} or
     * {@code not_interested}, S21), and/or {@code channels}, a comma-separated preferred order (S1).
     */
    public static final EventType PREFERENCE_DECLARED = new EventType("preference_declared");
    /** The customer confirmed an attribute's value: {@code attribute}, {@code value} (S20). */
    public static final EventType ATTRIBUTE_CONFIRMED = new EventType("attribute_confirmed");
    /** An attribute was corrected, e.g. by staff in a store (S22): {@code attribute}, {@code value}. */
    public static final EventType ATTRIBUTE_CORRECTED = new EventType("attribute_corrected");
    /** A product or store review: {@code rating} 1..5, optional {@code sku}, {@code store} (S11). */
    public static final EventType REVIEW = new EventType("review");
    /** A support contact: optional {@code topic}, {@code satisfaction} 1..5 (S12). */
    public static final EventType SUPPORT_CONTACT = new EventType("support_contact");
    /** A complaint: optional {@code reason}, {@code sku} (S23, S24). */
    public static final EventType COMPLAINT = new EventType("complaint");
    /** A visit to a store: {@code store}. */
    public static final EventType STORE_VISIT = new EventType("store_visit");
    /** A message reached the customer: {@code message_id}, {@code channel}, optional {@code program}. */
    public static final EventType MESSAGE_DELIVERED = new EventType("message_delivered");
    /** A message was opened. */
    public static final EventType MESSAGE_OPENED = new EventType("message_opened");
    /** A link in a message was clicked. */
    public static final EventType MESSAGE_CLICKED = new EventType("message_clicked");
    /** A message could not be delivered. */
    public static final EventType MESSAGE_BOUNCED = new EventType("message_bounced");
    /** The customer unsubscribed from a message: withdraws consent for its channel and purpose (S24). */
    public static final EventType MESSAGE_UNSUBSCRIBED = new EventType("message_unsubscribed");
    /** Emitted by the engine: the customer entered {@code segment}. */
    public static final EventType SEGMENT_ENTERED = new EventType("segment_entered");
    /** Emitted by the engine: the customer left {@code segment}. */
    public static final EventType SEGMENT_EXITED = new EventType("segment_exited");

    private static final Set<EventType> BUILT_IN = Set.of(PURCHASE, CART_CHANGE, PRODUCT_VIEW, SEARCH, SIGNUP,
            CONSENT_CHANGE, PREFERENCE_DECLARED, ATTRIBUTE_CONFIRMED, ATTRIBUTE_CORRECTED, REVIEW, SUPPORT_CONTACT,
            COMPLAINT, STORE_VISIT, MESSAGE_DELIVERED, MESSAGE_OPENED, MESSAGE_CLICKED, MESSAGE_BOUNCED,
            MESSAGE_UNSUBSCRIBED, SEGMENT_ENTERED, SEGMENT_EXITED);

    /** @throws EventFormatException when the name is not a valid type name */
    public EventType {
        Objects.requireNonNull(name, "event type");
        if (!NAME.matcher(name).matches()) {
            throw new EventFormatException("type", "'" + EventSchema.shorten(name)
                    + "' is not a valid event type: use 1..64 lower-case letters, digits or '_', starting with a letter");
        }
    }

    /** The type with the given name, built-in or custom. */
    public static EventType of(String name) {
        return new EventType(name);
    }

    /** The built-in types. */
    public static Set<EventType> builtIns() {
        return BUILT_IN;
    }

    /** Whether this is one of the built-in types with typed properties. */
    public boolean isBuiltIn() {
        return BUILT_IN.contains(this);
    }

    /** Whether events of this type carry lines (purchases and carts). */
    public boolean hasLines() {
        return equals(PURCHASE) || equals(CART_CHANGE);
    }

    @Override
    public int compareTo(EventType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
