package io.relevans.spi;

/** {@link EngineObserver#disabled()}: observes nothing; the engine recognises it and skips its calls. */
enum DisabledEngineObserver implements EngineObserver {
    /** The one instance. */
    INSTANCE
}
