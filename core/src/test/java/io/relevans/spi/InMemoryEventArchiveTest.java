package io.relevans.spi;

/** The {@link EventArchive} contract in memory. */
class InMemoryEventArchiveTest extends EventArchiveContract {

    @Override
    protected EventArchive newArchive() {
        return EventArchive.inMemory();
    }
}
