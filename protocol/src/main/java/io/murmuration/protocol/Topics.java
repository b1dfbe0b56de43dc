package io.murmuration.protocol;

/** Kafka topic and header names shared by producers, the ingest stream and the dead-letter tooling. */
public final class Topics {

    /** Interaction events as JSON {@link InteractionEvent}s, keyed by userId so one user's events stay in order. */
    public static final String INTERACTIONS = "interactions";

    /** Records from {@link #INTERACTIONS} that failed validation, unchanged, with the reason in headers. */
    public static final String DEAD_LETTERS = "interactions.dlq";

    /** Item upserts for the catalogue. */
    public static final String CATALOG = "catalog";

    /** Dead-letter header holding {@link FieldError#message()} as UTF-8. */
    public static final String DLQ_REASON_HEADER = "murmuration.dlq.reason";

    /** Dead-letter header holding {@link FieldError#field()} as UTF-8. */
    public static final String DLQ_FIELD_HEADER = "murmuration.dlq.field";

    /** Dead-letter header naming where the record came from, as {@code topic/partition/offset}. */
    public static final String DLQ_SOURCE_HEADER = "murmuration.dlq.source";

    private Topics() {
    }
}
