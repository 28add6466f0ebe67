package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import java.util.Map;

/**
 * Carries out an application action a program calls ({@code call create_service_case}): the engine
 * passes the action's name, the customer and the bound data. An exception is recorded against the
 * program step and does not stop the program.
 */
public interface ActionAdapter {

    /** Carries out the action. */
    void call(String action, CustomerId customer, Map<String, Value> data);
}
