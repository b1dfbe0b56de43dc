package io.murmuration.bench;

import io.murmuration.protocol.InteractionEvent;
import io.murmuration.protocol.InteractionType;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which events of a replay are scored, decided once per event in log order so that the node and every baseline are
 * scored on exactly the same ones. Only positive events (not skips) are ever eligible. {@link Kind#ALL} makes every
 * positive event eligible, users' first events included (which mostly measures the fallback);
 * {@link Kind#RETURNING} only those of users who already have an earlier event in the log (the protocol of the real
 * logs' reference figures). Of the eligible events every {@code every}-th is scored: the {@code every}-th, the
 * 2·{@code every}-th, and so on. Not thread-safe: one replaying thread.
 */
public final class ScoringProtocol {

    /** Which positive events are eligible for scoring. */
    public enum Kind {
        ALL, RETURNING;

        /** {@code all} or {@code returning}, as on the command line. */
        public String flagValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind ofFlag(String value) {
            for (Kind kind : values()) {
                if (kind.flagValue().equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("--score must be all or returning, got " + value);
        }
    }

    private final Kind kind;
    private final int every;
    private final Set<String> usersWithHistory = new HashSet<>();
    private long eligible;
    private long scored;

    /** @param every score one in this many eligible events; positive */
    public ScoringProtocol(Kind kind, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("--every must be at least 1, got " + every);
        }
        this.kind = kind;
        this.every = every;
    }

    /** Whether {@code event}, the next in log order, is scored; every event of the log passes through here once. */
    public boolean scores(InteractionEvent event) {
        boolean returning = !usersWithHistory.add(event.userId());
        if (event.type() == InteractionType.SKIP || (kind == Kind.RETURNING && !returning)) {
            return false;
        }
        if (++eligible % every != 0) {
            return false;
        }
        scored++;
        return true;
    }

    public long scored() {
        return scored;
    }

    /** One line saying which events were scored. */
    public String describe() {
        String which = kind == Kind.ALL
                ? "positive events, users' first events included"
                : "positive events of users with an earlier event";
        return kind.flagValue() + " (" + (every == 1 ? "every one of the " : "every " + ordinal(every) + " of the ")
                + which + ")";
    }

    private static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }
}
