package io.relevans.customer;

/**
 * A channel messages can be sent through (S1): the well-known ones are constants, applications may
 * name their own ({@code new Channel("whatsapp")}). Names are lower case.
 *
 * @param name the channel name, 1..64 lower-case letters, digits, '_' or '-'
 */
public record Channel(String name) implements Comparable<Channel> {
    /** Email. */
    public static final Channel EMAIL = new Channel("email");
    /** Text message. */
    public static final Channel SMS = new Channel("sms");
    /** App push notification. */
    public static final Channel PUSH = new Channel("push");
    /** Shown by staff or on a screen in the store. */
    public static final Channel IN_STORE = new Channel("in_store");
    /** Social media. */
    public static final Channel SOCIAL = new Channel("social");
    /** Paper mail. */
    public static final Channel POST = new Channel("post");

    /** @throws IllegalArgumentException when the name is not valid */
    public Channel {
        name = Names.check("channel", name);
    }

    /** The channel with the given name. */
    public static Channel of(String name) {
        return new Channel(name);
    }

    @Override
    public int compareTo(Channel other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
