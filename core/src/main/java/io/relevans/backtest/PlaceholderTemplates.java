package io.relevans.backtest;

import io.relevans.customer.Channel;
import io.relevans.customer.Value;
import io.relevans.event.Line;
import io.relevans.spi.TemplateRenderer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Knows every template the definitions name and renders each as its id: a backtest decides what would be
 * sent, and needs no text, so it needs none of the application's templates.
 */
final class PlaceholderTemplates implements TemplateRenderer {

    private final Set<String> ids;

    PlaceholderTemplates(SortedSet<String> ids) {
        this.ids = new TreeSet<>(ids);
    }

    @Override
    public Rendered render(String template, Channel channel, Map<String, Value> data, List<Line> lines) {
        if (!ids.contains(template)) {
            throw new IllegalArgumentException("unknown template '" + template + "'");
        }
        return new Rendered(template, template);
    }

    @Override
    public boolean knows(String template) {
        return ids.contains(template);
    }
}
