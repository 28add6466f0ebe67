package io.relevans.kafka.spi;

import org.apache.kafka.streams.state.HostInfo;

/**
 * How the instances of an application on the Kafka runtime ask each other about customers they own: a
 * question and its answer, each one text (the runtime's own JSON, which the transport carries as is). One
 * transport per instance: {@link #serve} answers the questions other instances send to this one at its
 * {@code application.server} endpoint, {@link #ask} sends this instance's questions to another.
 *
 * <p>The answers hold customers' stored state, identities included (personal data): a transport carries
 * them only where they may go, such as a private network or TLS with client certificates.
 * {@link io.relevans.kafka.HttpQueryTransport} is plain HTTP on the JDK; implement this interface to use
 * the application's own RPC stack instead.
 */
public interface QueryTransport extends AutoCloseable {

    /**
     * Starts answering the questions sent to this instance; called once, before any {@link #ask}.
     *
     * @param self    this instance's endpoint, as its {@code application.server} setting names it
     * @param answers gives the answer to a question; safe to call from several threads; never throws
     */
    void serve(HostInfo self, Answers answers);

    /**
     * Sends a question to another instance and waits for its answer.
     *
     * @param instance the instance's endpoint, as its {@code application.server} setting names it
     * @param question the question, as the runtime wrote it
     * @return the answer that instance's {@link Answers} gave
     * @throws java.io.UncheckedIOException when the instance cannot be reached or does not answer in time
     */
    String ask(HostInfo instance, String question);

    /** Stops answering and releases what the transport holds; questions asked after it fail. */
    @Override
    void close();

    /** Answers the questions of other instances: given by the runtime to {@link #serve}. */
    @FunctionalInterface
    interface Answers {
        /**
         * The answer to a question.
         *
         * @param question the question as another instance's runtime wrote it
         * @return the answer, to be given back to the asking instance as is; an unreadable question gets an
         *         answer saying so, never an exception
         */
        String answer(String question);
    }
}
