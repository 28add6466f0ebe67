package io.relevans.spi;

import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the engine keeps customer records. Implementations must index every identity of a saved
 * record so {@link #lookup(Identity)} finds it, and must make {@link #save(CustomerRecord)} replace
 * the whole record, identities included, atomically. The engine serialises writes for one customer;
 * implementations need not lock for that, but must be safe to call from several threads.
 * Failures are reported as unchecked exceptions and must leave the previous record intact.
 */
public interface CustomerStore {

    /** The record with the id, if stored. */
    Optional<CustomerRecord> load(CustomerId id);

    /** The id of the customer an identity is linked to, if any. */
    Optional<CustomerId> lookup(Identity identity);

    /** Stores the record, replacing any record with the same id and re-indexing its identities. */
    void save(CustomerRecord record);

    /**
     * Removes the customer and its identities (GDPR erasure, or the losing side of a merge).
     *
     * @return whether a record was removed
     */
    boolean erase(CustomerId id);

    /**
     * Calls the action with every stored record, in no particular order, for batch work. Records
     * saved or erased during the iteration may or may not be seen.
     */
    void forEach(Consumer<CustomerRecord> action);

    /** The number of stored customers. */
    long count();
}
