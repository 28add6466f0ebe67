package io.relevans.spi;

/** The {@link Storage} contract on the in-memory stores, for one process. */
class InMemoryStorageTest extends StorageContract {

    @Override
    protected Storage newStorage() {
        return Storage.inMemory();
    }
}
