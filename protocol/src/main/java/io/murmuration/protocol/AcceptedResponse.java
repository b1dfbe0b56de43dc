package io.murmuration.protocol;

/**
 * The reply to an accepted ingest request.
 *
 * @param accepted how many events were handed to the interactions topic
 */
public record AcceptedResponse(int accepted) {
}
