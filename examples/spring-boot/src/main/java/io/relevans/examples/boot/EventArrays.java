package io.relevans.examples.boot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relevans.event.Event;
import io.relevans.event.EventFormatException;
import io.relevans.json.EventJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a JSON array into events, each read by core's {@link EventJson} (its limits and field-named
 * errors apply to each element); an error names the element, as {@code [2].lines[0].price}.
 */
final class EventArrays {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventArrays() {
    }

    /**
     * Reads every event of the array, in order.
     *
     * @param json the array
     * @param most the most events it may hold
     * @throws EventFormatException naming the element and its field, or the array as a whole
     */
    static List<Event> read(String json, int most) throws IOException {
        List<Event> events = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new EventFormatException("", "expected a JSON array of events");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new EventFormatException("", "the JSON array is not closed");
                }
                if (events.size() == most) {
                    throw new EventFormatException("", "a batch holds at most " + most + " events");
                }
                String element = "[" + events.size() + "]";
                JsonNode node = parser.readValueAsTree();
                try {
                    events.add(EventJson.read(node.toString()));
                } catch (EventFormatException e) {
                    throw e.under(element);
                }
            }
            if (parser.nextToken() != null) {
                throw new EventFormatException("", "text after the JSON array");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new EventFormatException("", "malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        return events;
    }
}
