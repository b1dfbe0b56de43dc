package io.murmuration.node.user;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users whose entities on this node have recovered and answer from memory. The recommender reads a user's kept
 * copy of the profile only for a user not here (decision 024): for one who is, the entity's answer is a memory read
 * away, and a copy read alongside would be a Cassandra read, a fold-in and a search for nothing, which under load is
 * what a busy node can least afford. A user whose entity lives on another node is not here either, and may be read
 * needlessly: one read.
 */
public final class RecoveredUsers implements Extension {

    private static final ExtensionId<RecoveredUsers> ID = new ExtensionId<>() {
        @Override
        public RecoveredUsers createExtension(ActorSystem<?> system) {
            return new RecoveredUsers();
        }
    };

    private final Set<String> users = ConcurrentHashMap.newKeySet();

    RecoveredUsers() {}

    public static RecoveredUsers get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** The user's entity recovered on this node and answers from memory. */
    public void recovered(String userId) {
        users.add(userId);
    }

    /** The user's entity stopped on this node (passivated, handed off, restarting). */
    public void stopped(String userId) {
        users.remove(userId);
    }

    /** Whether the user's entity is on this node and has recovered. */
    public boolean contains(String userId) {
        return users.contains(userId);
    }
}
