package io.relevans.spi;

import java.util.Objects;

/**
 * A customer record as a {@link Storage} read it, with the version of the stored row: a commit derived
 * from it succeeds only while the row still has that version ({@link Storage#commit(Commit)}).
 *
 * @param record  the record
 * @param version the stored row's version, 1 or more; storages that keep no versions say
 *                {@link #UNVERSIONED}
 */
public record StoredCustomer(CustomerRecord record, long version) {

    /** The version a storage that keeps no versions gives every record. */
    public static final long UNVERSIONED = 1;

    /** Checks the parts. */
    public StoredCustomer {
        Objects.requireNonNull(record, "record");
        if (version < 1) {
            throw new IllegalArgumentException("a stored record's version is 1 or more, got " + version);
        }
    }
}
