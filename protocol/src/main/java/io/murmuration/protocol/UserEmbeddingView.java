package io.murmuration.protocol;

/**
 * A user's embedding as the user entity holds it: derived from the history and a model version, never persisted.
 *
 * @param modelVersion the version whose item factors it was folded against
 * @param values       the vector, one value per latent factor
 */
public record UserEmbeddingView(String modelVersion, float[] values) {
}
