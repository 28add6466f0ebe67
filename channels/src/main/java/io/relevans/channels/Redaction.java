package io.relevans.channels;

import io.relevans.customer.Identity;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keeps personal data out of delivery details: servers often quote the recipient in their replies
 * ("550 &lt;anna@example.com&gt;: unknown user"), and a delivery detail ends up in the outbox and in
 * logs.
 */
final class Redaction {

    /** Anything shaped like an email address. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:\\[\\]]+@[^\\s<>\"'(),;:\\[\\]]+");
    private static final String MASK = "[address]";
    private static final int LONGEST = 300;

    private Redaction() {
    }

    /**
     * The text with the recipient's address and anything that looks like an email address replaced,
     * on one line and at most a few hundred characters.
     */
    static String scrub(@Nullable String text, Identity recipient) {
        if (text == null) {
            return "";
        }
        String out = Pattern.compile(Pattern.quote(recipient.value()), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(text).replaceAll(MASK);
        out = ADDRESS.matcher(out).replaceAll(MASK);
        out = out.replaceAll("\\s+", " ").strip();
        return out.length() <= LONGEST ? out : out.substring(0, LONGEST) + "...";
    }
}
