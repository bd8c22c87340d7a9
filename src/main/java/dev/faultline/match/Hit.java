package dev.faultline.match;

import dev.faultline.assemble.Event;
import dev.faultline.catalog.Signature;

import java.util.Map;

/**
 * A signature that matched an event, with the values of its extracted fields
 * (named groups, e.g. {@code port=8000}, {@code timeoutSeconds=20.0}).
 */
public record Hit(Signature signature, Event event, Map<String, String> fields) {

    public Hit {
        fields = Map.copyOf(fields);
    }
}
