package io.relevans.spi;

import io.relevans.customer.Channel;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import java.util.List;
import java.util.Map;

/**
 * Turns a template id and message data into a subject and body for a channel. Implementations must
 * treat data as text, never as template code, and escape it for the channel (HTML for email).
 */
public interface TemplateRenderer {

    /**
     * Renders a message.
     *
     * @return subject and body
     * @throws IllegalArgumentException when the template is unknown
     */
    Rendered render(String template, Channel channel, Map<String, Value> data, List<Line> lines);

    /** Whether the renderer knows the template (checked when definitions are loaded). */
    boolean knows(String template);

    /**
     * A rendered subject and body.
     *
     * @param subject the subject or title
     * @param body    the body
     */
    record Rendered(String subject, String body) {
    }
}
