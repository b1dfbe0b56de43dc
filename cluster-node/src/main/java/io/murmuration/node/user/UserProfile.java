package io.murmuration.node.user;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.murmuration.node.CborSerializable;
import io.murmuration.node.Settings.UserLimits;
import io.murmuration.node.interaction.InteractionRecorded;
import io.murmuration.node.item.InteractionWeights;
import io.murmuration.protocol.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's state as the journal defines it: counters, a bounded recent history, the items to keep out of
 * recommendations, the recent event ids used to acknowledge redeliveries and the user's drift test. Immutable;
 * {@link #apply} and {@link #withDrift} are what the pure event handler does, so replaying the same events always
 * rebuilds the same profile.
 */
public final class UserProfile implements CborSerializable {

    /** One remembered interaction, newest last in {@link #recentHistory()}. */
    public record Interaction(String eventId, String itemId, String type, Double value, Instant timestamp)
            implements CborSerializable {

        /** The part of a recorded interaction that the profile keeps. */
        public static Interaction of(InteractionRecorded recorded) {
            return new Interaction(recorded.eventId(), recorded.itemId(), recorded.type(), recorded.value(), recorded.timestamp());
        }
    }

    private final long eventCount;
    private final Map<String, Long> countsByType;
    private final Instant firstSeen;
    private final Instant lastSeen;
    private final List<Interaction> recentHistory;
    private final List<String> seenItems;
    private final List<String> recentEventIds;
    private final DriftState drift;
    private final long popularJudged;
    private final long popularTaken;
    @JsonIgnore private final Set<String> recentEventIdSet;
    @JsonIgnore private final Set<String> seenItemSet;

    public static final UserProfile EMPTY =
            new UserProfile(0, Map.of(), null, null, List.of(), List.of(), List.of(), DriftState.EMPTY, 0, 0);

    @JsonCreator
    public UserProfile(
            @JsonProperty("eventCount") long eventCount,
            @JsonProperty("countsByType") Map<String, Long> countsByType,
            @JsonProperty("firstSeen") Instant firstSeen,
            @JsonProperty("lastSeen") Instant lastSeen,
            @JsonProperty("recentHistory") List<Interaction> recentHistory,
            @JsonProperty("seenItems") List<String> seenItems,
            @JsonProperty("recentEventIds") List<String> recentEventIds,
            // Absent from snapshots taken before drift detection: those users start with an empty test.
            @JsonProperty("drift") DriftState drift,
            // Absent (0) from profiles written before interactions were judged popular or not.
            @JsonProperty("popularJudged") long popularJudged,
            @JsonProperty("popularTaken") long popularTaken) {
        this.eventCount = eventCount;
        this.countsByType = Collections.unmodifiableMap(new LinkedHashMap<>(countsByType));
        this.firstSeen = firstSeen;
        this.lastSeen = lastSeen;
        this.recentHistory = List.copyOf(recentHistory);
        this.seenItems = List.copyOf(seenItems);
        this.recentEventIds = List.copyOf(recentEventIds);
        this.drift = drift == null ? DriftState.EMPTY : drift;
        this.popularJudged = popularJudged;
        this.popularTaken = popularTaken;
        this.recentEventIdSet = new HashSet<>(this.recentEventIds);
        this.seenItemSet = new HashSet<>(this.seenItems);
    }

    /**
     * The profile after one more interaction, keeping every collection within its limit (oldest dropped first);
     * {@code popular} is whether its item was in the popular list's head then (null: not judged), which counts
     * towards {@link #popularShare()} when the interaction was positive.
     */
    public UserProfile apply(Interaction event, Boolean popular, UserLimits limits) {
        Map<String, Long> counts = new LinkedHashMap<>(countsByType);
        counts.merge(event.type(), 1L, Long::sum);

        List<Interaction> history = appendBounded(recentHistory, event, limits.recentHistorySize());

        List<String> seen = new ArrayList<>(seenItems);
        seen.remove(event.itemId()); // re-consuming an item makes it the most recent again
        seen.add(event.itemId());
        List<String> boundedSeen = tail(seen, limits.seenItemsSize());

        List<String> ids = appendBounded(recentEventIds, event.eventId(), limits.dedupeWindow());

        Instant first = firstSeen == null || event.timestamp().isBefore(firstSeen) ? event.timestamp() : firstSeen;
        Instant last = lastSeen == null || event.timestamp().isAfter(lastSeen) ? event.timestamp() : lastSeen;
        boolean judged = popular != null && InteractionWeights.of(event.type(), event.value()) > 0;
        return new UserProfile(eventCount + 1, counts, first, last, history, boundedSeen, ids, drift,
                popularJudged + (judged ? 1 : 0), popularTaken + (judged && popular ? 1 : 0));
    }

    /** The same profile with the drift test in another state. */
    public UserProfile withDrift(DriftState next) {
        return new UserProfile(eventCount, countsByType, firstSeen, lastSeen, recentHistory, seenItems, recentEventIds,
                next, popularJudged, popularTaken);
    }

    /**
     * The same profile without the event ids of its dedupe window: what recommending needs, for a copy kept outside
     * the journal ({@link ProfileStore}). Only the entity, recovered from the journal, acknowledges redeliveries.
     */
    public UserProfile withoutRecentEventIds() {
        return new UserProfile(eventCount, countsByType, firstSeen, lastSeen, recentHistory, seenItems, List.of(), drift,
                popularJudged, popularTaken);
    }

    /** True when this event id was recorded recently: a redelivery to acknowledge, not to persist. */
    public boolean hasRecorded(String eventId) {
        return recentEventIdSet.contains(eventId);
    }

    /** True when the user interacted with this item recently enough that it should not be recommended. */
    public boolean hasSeen(String itemId) {
        return seenItemSet.contains(itemId);
    }

    /** The remembered consumed items as a set, without copying them (read-only). */
    @JsonIgnore
    public Set<String> seenItemSet() {
        return Collections.unmodifiableSet(seenItemSet);
    }

    /**
     * Of the user's positive interactions judged popular or not, the share whose item was in the popular list's head
     * then: how much this user follows the crowd (0 before any was judged).
     */
    @JsonIgnore
    public double popularShare() {
        return popularJudged == 0 ? 0 : (double) popularTaken / popularJudged;
    }

    public boolean isNew() {
        return eventCount == 0;
    }

    /**
     * The items to leave out of recommendations: with every type excluded, all the remembered consumed items;
     * otherwise those of the retained history whose interaction had an excluded type (the remembered items do not
     * keep their types).
     */
    public Set<String> excludedItems(Set<String> excludeTypes) {
        if (excludeTypes.containsAll(InteractionType.wireNames())) {
            return seenItemSet();
        }
        Set<String> items = new HashSet<>();
        for (Interaction i : recentHistory) {
            if (excludeTypes.contains(i.type())) {
                items.add(i.itemId());
            }
        }
        return items;
    }

    private static <T> List<T> appendBounded(List<T> list, T element, int limit) {
        List<T> copy = new ArrayList<>(list.size() + 1);
        copy.addAll(list);
        copy.add(element);
        return tail(copy, limit);
    }

    private static <T> List<T> tail(List<T> list, int limit) {
        return list.size() <= limit ? list : list.subList(list.size() - limit, list.size());
    }

    @JsonProperty public long eventCount() { return eventCount; }
    @JsonProperty public Map<String, Long> countsByType() { return countsByType; }
    @JsonProperty public Instant firstSeen() { return firstSeen; }
    @JsonProperty public Instant lastSeen() { return lastSeen; }
    @JsonProperty public List<Interaction> recentHistory() { return recentHistory; }
    @JsonProperty public List<String> seenItems() { return seenItems; }
    @JsonProperty public List<String> recentEventIds() { return recentEventIds; }
    @JsonProperty public DriftState drift() { return drift; }
    @JsonProperty public long popularJudged() { return popularJudged; }
    @JsonProperty public long popularTaken() { return popularTaken; }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserProfile p
                && eventCount == p.eventCount
                && countsByType.equals(p.countsByType)
                && java.util.Objects.equals(firstSeen, p.firstSeen)
                && java.util.Objects.equals(lastSeen, p.lastSeen)
                && recentHistory.equals(p.recentHistory)
                && seenItems.equals(p.seenItems)
                && recentEventIds.equals(p.recentEventIds)
                && drift.equals(p.drift)
                && popularJudged == p.popularJudged
                && popularTaken == p.popularTaken;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(eventCount, countsByType, lastSeen, recentHistory.size());
    }
}
