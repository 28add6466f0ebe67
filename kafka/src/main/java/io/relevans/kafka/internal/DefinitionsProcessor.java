package io.relevans.kafka.internal;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the definitions topic in the instance's global store and gives each record to the instance's
 * {@link LoadedDefinitions} (the definitions, and under its own key the prediction model): every instance
 * reads every record of the topic, in order, on its global thread, and before its stream threads start it
 * has read the topic to its end (so a new or restarted instance runs the latest version from its first
 * record on).
 */
final class DefinitionsProcessor implements Processor<String, String, Void, Void> {

    private final LoadedDefinitions definitions;
    private KeyValueStore<String, String> store;

    DefinitionsProcessor(LoadedDefinitions definitions) {
        this.definitions = definitions;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(Nodes.DEFINITIONS_STORE);
        String latest = store.get(Nodes.DEFINITIONS_KEY); // restored from the topic before the processor starts
        if (latest != null) {
            definitions.offer(latest);
        }
        String model = store.get(Nodes.MODEL_KEY);
        if (model != null) {
            definitions.offerModel(model);
        }
    }

    @Override
    public void process(Record<String, String> record) {
        boolean isModel = Nodes.MODEL_KEY.equals(record.key());
        if (record.value() != null) {
            store.put(isModel ? Nodes.MODEL_KEY : Nodes.DEFINITIONS_KEY, record.value());
        }
        if (isModel) {
            definitions.offerModel(record.value());
        } else {
            definitions.offer(record.value());
        }
    }
}
