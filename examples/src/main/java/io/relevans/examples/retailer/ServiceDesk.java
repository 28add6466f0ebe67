package io.relevans.examples.retailer;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Value;
import io.relevans.spi.ActionAdapter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer service system the programs call (S23): {@code create_case} opens a case for the
 * customer. Here it counts the cases; a real one would call the case system's API.
 */
public final class ServiceDesk implements ActionAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceDesk.class);

    private final AtomicLong cases = new AtomicLong();

    @Override
    public void call(String action, CustomerId customer, Map<String, Value> data) {
        if (!action.equals("create_case")) {
            throw new IllegalArgumentException("the service desk has no action '" + action + "'");
        }
        long n = cases.incrementAndGet();
        LOG.debug("case {} opened for {} ({})", n, customer, data.getOrDefault("reason", Value.of("")).asText());
    }

    /** How many cases were opened. */
    public long cases() {
        return cases.get();
    }
}
