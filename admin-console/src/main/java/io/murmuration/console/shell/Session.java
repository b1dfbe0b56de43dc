package io.murmuration.console.shell;

import io.murmuration.console.api.AdminClient;
import io.murmuration.console.api.Identity;

/**
 * One connection to a node: the client, who the token is, and the node's live events. Views get it when the console
 * connects and drop it when it disconnects.
 */
public record Session(AdminClient client, Identity identity, NodeEvents events) {}
