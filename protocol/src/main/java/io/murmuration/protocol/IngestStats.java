package io.murmuration.protocol;

/**
 * What this node's ingest stream did with the interaction records it consumed, within the window.
 *
 * @param persistedPerSecond    records persisted by their user's entity, per second
 * @param duplicatesPerSecond   records acknowledged as already persisted (redeliveries, copies of synchronous writes)
 * @param deadLetteredPerSecond records that failed validation and went to the dead-letter topic
 * @param persisted             records persisted within the window (the count behind the rate)
 * @param duplicates            records acknowledged as duplicates within the window
 * @param deadLettered          records dead-lettered within the window
 */
public record IngestStats(
        double persistedPerSecond,
        double duplicatesPerSecond,
        double deadLetteredPerSecond,
        long persisted,
        long duplicates,
        long deadLettered) {}
