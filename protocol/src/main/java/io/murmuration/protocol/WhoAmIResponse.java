package io.murmuration.protocol;

/**
 * Who the bearer token is, and which node answered: what a client reads first, to show whom it acts as and to check
 * that it speaks the node's contract ({@link ApiVersion#compatible}).
 *
 * @param name       the token's name, as the audit trail records its changes
 * @param role       {@code viewer} (reads) or {@code operator} (reads and changes)
 * @param node       the answering node's address
 * @param appVersion the version the node runs ({@code akka.cluster.app-version}, as {@code GET /admin/cluster} shows it)
 * @param apiVersion the HTTP contract the node speaks ({@link ApiVersion#CURRENT} of its build)
 */
public record WhoAmIResponse(String name, String role, String node, String appVersion, String apiVersion) {}
