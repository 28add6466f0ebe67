package io.relevans.definition;

import java.time.Duration;
import java.util.TreeMap;

/** Short factories for common {@link Step}s. */
public final class Steps {
    private Steps() {
    }

    /** Waits for a duration. */
    public static Step wait(String label, Duration duration) {
        return new Step.Wait(label, duration);
    }

    /**
     * Starts a send step: add data with {@link SendBuilder#with(String, Binding)}, then
     * {@link SendBuilder#build()} gives the step.
     */
    public static SendBuilder send(String label, ChannelChoice channel, String template) {
        return new SendBuilder(label, channel, template);
    }

    /** Ends the program. */
    public static Step end(String label) {
        return new Step.End(label);
    }

    /** Builds a {@link Step.Send}: not a step itself; {@link #build()} gives it. */
    public static final class SendBuilder {
        private final String label;
        private final ChannelChoice channel;
        private final String template;
        private final TreeMap<String, Binding> data = new TreeMap<>();
        private boolean lines;

        private SendBuilder(String label, ChannelChoice channel, String template) {
            this.label = label;
            this.channel = channel;
            this.template = template;
        }

        /** Adds a data binding. */
        public SendBuilder with(String name, Binding binding) {
            data.put(name, binding);
            return this;
        }

        /** Takes the trigger event's lines along. */
        public SendBuilder withLines() {
            lines = true;
            return this;
        }

        /** The step. */
        public Step.Send build() {
            return new Step.Send(label, channel, template, data, lines);
        }
    }
}
