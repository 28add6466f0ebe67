package io.relevans.spi;

/** The in-memory timer store passes the timer store contract. */
class InMemoryTimerStoreTest extends TimerStoreContract {

    @Override
    protected TimerStore newStore() {
        return new InMemoryTimerStore();
    }
}
