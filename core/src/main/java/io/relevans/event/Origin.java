package io.relevans.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The touchpoint an event came from (S14, S17): every interaction lands on one timeline. */
public enum Origin {
    /** The web shop. */
    WEB,
    /** The mobile app. */
    APP,
    /** A physical store, at the till or with staff. */
    STORE,
    /** Customer service: phone, chat or email with an agent. */
    SERVICE,
    /** The engine itself or another back-office system (segment changes, message feedback). */
    SYSTEM;

    /** The lower-case name used in JSON. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The origin with the given JSON name, ignoring case. */
    public static Optional<Origin> fromJsonName(String name) {
        return Arrays.stream(values()).filter(o -> o.jsonName().equalsIgnoreCase(name)).findFirst();
    }
}
