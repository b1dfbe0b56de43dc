package io.murmuration.node.user;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users whose entities on this node have recovered and answer from memory, and the lists served to users who are
 * not. The recommender reads a user's kept copy of the profile only for a user not here (decision 024): for one who
 * is, the entity's answer is a memory read away. A list served from a copy is not told to the stopped entity (telling
 * it would start it, and its recovery is what the copy spares); it waits here, and the entity takes it when it
 * recovers on this node, so that the user's next event still counts as a hit or a miss of the list it was shown.
 */
public final class RecoveredUsers implements Extension {

    /**
     * How many lists served from copies wait for their users' entities; beyond it the oldest are dropped (their users'
     * next events count for no list, as after a passivation). A list is a few hundred bytes.
     */
    static final int LISTS_KEPT = 20_000;

    private static final ExtensionId<RecoveredUsers> ID = new ExtensionId<>() {
        @Override
        public RecoveredUsers createExtension(ActorSystem<?> system) {
            return new RecoveredUsers();
        }
    };

    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final Map<String, UserEntity.ServedList> servedWhileStopped = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UserEntity.ServedList> eldest) {
            return size() > LISTS_KEPT;
        }
    };

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

    /** The recommender served {@code list} to a user whose entity is not in memory here, from the user's kept copy. */
    public void servedWhileStopped(String userId, UserEntity.ServedList list) {
        synchronized (servedWhileStopped) {
            servedWhileStopped.remove(userId); // re-inserted as the newest
            servedWhileStopped.put(userId, list);
        }
    }

    /** The last list served to the user from its copy since its entity last ran here, removed; null if none. */
    public UserEntity.ServedList takeServedWhileStopped(String userId) {
        synchronized (servedWhileStopped) {
            return servedWhileStopped.remove(userId);
        }
    }
}
