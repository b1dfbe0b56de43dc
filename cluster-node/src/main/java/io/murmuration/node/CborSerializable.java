package io.murmuration.node;

/** Marker for every message and persisted type that crosses the network or goes to the journal: bound to Jackson CBOR. */
public interface CborSerializable {}
