package io.murmuration.node.interaction;

import io.murmuration.node.CborSerializable;

/**
 * An event of a user's journal: an {@link InteractionRecorded}, or what the user entity persists beside its
 * interactions (a detected drift of taste). The interaction log is these journals read through their tag.
 *
 * <p>Not sealed: in an unnamed module a sealed interface's subtypes must share its package, and the user entity's own
 * events belong with it, while the interaction record belongs here, where its readers need not depend on the user.
 */
public interface UserEvent extends CborSerializable {}
