package io.murmuration.protocol;

/**
 * The mean surprise within the window: how unexpected the items users consumed were under each user's embedding just
 * before (1 − the item's percentile rank among a reference sample of the model version's items; 0 is what the
 * embedding ranks highest, 1 what it ranks lowest). A rise means users now consume what the model does not expect.
 *
 * @param surprises    consumptions whose surprise could be measured (the user had an embedding and the active version
 *                     knew the item)
 * @param meanSurprise the mean of those surprises; null while none was measured
 */
public record SurpriseStats(long surprises, Double meanSurprise) {}
