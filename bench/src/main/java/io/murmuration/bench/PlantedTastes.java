package io.murmuration.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The hidden world behind {@link SyntheticInteractions}: a taste vector per user and a vector per item over a few
 * latent genres, Zipf item popularity, Zipf user activity, and the users whose taste shifts. A user chooses item i
 * with probability ∝ popularity(i) × exp(taste·vector(i) / temperature).
 *
 * <p>Every vector loads 1 on its primary genre and uniform [0, tasteSpread] on the others, so a genre's items score
 * at most {@code taste[g] + tasteSpread × Σ_{j≠g} taste[j]}. Choices use that bound: a genre by its popularity mass
 * times exp(bound / temperature), an item within it by popularity, kept with probability exp((score − bound) /
 * temperature). The result is exactly the softmax above in O(genres) per session and O(log items) per choice.
 *
 * <p>Memory is O((users + items) × genres), never O(events). Arithmetic goes through {@link StrictMath} so that a
 * seed gives the same world on every JVM.
 */
public final class PlantedTastes {

    // Only unreachable settings (temperature far below the taste spread) need this many proposals for one choice.
    private static final int MAX_PROPOSALS = 10_000;

    private final int genres;
    private final double temperature;
    private final double tasteSpread;
    private final long shiftAtMillis;

    private final float[] userTaste;
    private final int[] userGenre;
    private final double[] userActivityCumulative;
    private final int[] shiftedUsers;
    private final int[] shiftSlot;
    private final float[] shiftedTaste;
    private final int[] shiftedGenre;

    // When each item becomes available, in epoch millis; null when every item is there from the start.
    private final long[] itemRelease;
    private final float[] itemVector;
    private final int[] itemGenre;
    private final int[][] genreItems;
    private final double[][] genrePopularityCumulative;
    private final double[] genreMass;
    private final double[] genreMassCumulative;

    /** Plants a world for {@code settings}, drawing only from {@code rng}. */
    PlantedTastes(GeneratorSettings settings, SplittableRandom rng) {
        genres = settings.genres();
        temperature = settings.temperature();
        tasteSpread = settings.tasteSpread();
        shiftAtMillis = settings.shiftAt().toEpochMilli();
        int users = settings.users();
        int items = settings.items();

        double[] popularity = zipfWeights(items, settings.popularityExponent(), rng);
        itemGenre = new int[items];
        itemVector = new float[items * genres];
        for (int i = 0; i < items; i++) {
            itemGenre[i] = rng.nextInt(genres);
            plantVector(itemVector, i, itemGenre[i], rng);
        }
        genreItems = new int[genres][];
        genrePopularityCumulative = new double[genres][];
        genreMass = new double[genres];
        indexItemsByGenre(popularity);
        genreMassCumulative = cumulative(genreMass);

        userActivityCumulative = cumulative(zipfWeights(users, settings.userActivityExponent(), rng));
        userGenre = new int[users];
        userTaste = new float[users * genres];
        for (int u = 0; u < users; u++) {
            userGenre[u] = rng.nextInt(genres);
            plantVector(userTaste, u, userGenre[u], rng);
        }

        shiftedUsers = chooseShare(users, settings.shiftShare(), rng);
        shiftSlot = new int[users];
        Arrays.fill(shiftSlot, -1);
        shiftedTaste = new float[shiftedUsers.length * genres];
        shiftedGenre = new int[shiftedUsers.length];
        for (int s = 0; s < shiftedUsers.length; s++) {
            int user = shiftedUsers[s];
            shiftSlot[user] = s;
            shiftedGenre[s] = (userGenre[user] + 1 + rng.nextInt(genres - 1)) % genres;
            plantVector(shiftedTaste, s, shiftedGenre[s], rng);
        }

        // Drawn last, and only when asked for, so that a log without new items is the same as before the option.
        itemRelease = settings.newItemShare() > 0 ? releases(settings, rng) : null;
    }

    /** The new items' release instants; every other item is there from the start ({@code Long.MIN_VALUE}). */
    private static long[] releases(GeneratorSettings settings, SplittableRandom rng) {
        int items = settings.items();
        long[] release = new long[items];
        Arrays.fill(release, Long.MIN_VALUE);
        long from = settings.firstRelease().toEpochMilli();
        long width = Math.max(1, settings.lastRelease().toEpochMilli() - from);
        for (int item : chooseShare(items, settings.newItemShare(), rng)) {
            release[item] = from + (long) (rng.nextDouble() * width);
        }
        return release;
    }

    /** Whether item {@code item} is new, released part-way through the log. */
    public boolean isNew(int item) {
        return itemRelease != null && itemRelease[item] != Long.MIN_VALUE;
    }

    /** When item {@code item} becomes available: the start of the log for an item that is not new. */
    public Instant releaseOf(int item, Instant start) {
        return isNew(item) ? Instant.ofEpochMilli(itemRelease[item]) : start;
    }

    private boolean releasedBy(int item, long atMillis) {
        return itemRelease == null || itemRelease[item] <= atMillis;
    }

    /** How many latent genres there are. */
    public int genres() {
        return genres;
    }

    /** The genre item {@code item} loads 1 on. */
    public int primaryGenreOfItem(int item) {
        return itemGenre[item];
    }

    /** The genre user {@code user}'s taste loads 1 on at instant {@code at}: the new one from the shift on. */
    public int primaryGenreOfUser(int user, Instant at) {
        int slot = shiftSlot[user];
        return slot >= 0 && at.toEpochMilli() >= shiftAtMillis ? shiftedGenre[slot] : userGenre[user];
    }

    /** Whether user {@code user}'s taste shifts. */
    public boolean isShifted(int user) {
        return shiftSlot[user] >= 0;
    }

    /** The users whose taste shifts, ascending. */
    public int[] shiftedUsers() {
        return shiftedUsers.clone();
    }

    /** A user who starts a session, drawn by activity. */
    int drawUser(SplittableRandom rng) {
        return search(userActivityCumulative, rng.nextDouble() * last(userActivityCumulative));
    }

    /** Copies user {@code user}'s taste as of {@code atMillis} into {@code out}. */
    void tasteInto(int user, long atMillis, double[] out) {
        int slot = shiftSlot[user];
        boolean shifted = slot >= 0 && atMillis >= shiftAtMillis;
        float[] source = shifted ? shiftedTaste : userTaste;
        int offset = (shifted ? slot : user) * genres;
        for (int g = 0; g < genres; g++) {
            out[g] = source[offset + g];
        }
    }

    /**
     * Prepares choices under {@code taste}: fills {@code bound} with each genre's highest possible score and
     * {@code cumulative} with the running sum of the genres' proposal weights.
     */
    void prepareChoice(double[] taste, double[] bound, double[] cumulative) {
        double total = 0;
        for (double t : taste) {
            total += t;
        }
        double highest = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < genres; g++) {
            bound[g] = taste[g] + tasteSpread * (total - taste[g]);
            if (genreMass[g] > 0) {
                highest = Math.max(highest, bound[g]);
            }
        }
        double running = 0;
        for (int g = 0; g < genres; g++) {
            // Relative to the highest bound of a genre that has items: exp neither overflows nor zeroes every genre.
            running += genreMass[g] * StrictMath.exp((bound[g] - highest) / temperature);
            cumulative[g] = running;
        }
    }

    /** A genre drawn by the proposal weights of {@link #prepareChoice}. */
    int drawGenre(double[] cumulative, SplittableRandom rng) {
        return search(cumulative, rng.nextDouble() * last(cumulative));
    }

    /** An item chosen under {@code taste}, with {@code bound} and {@code cumulative} from {@link #prepareChoice}. */
    int drawItem(double[] taste, double[] bound, double[] cumulative, SplittableRandom rng) {
        return drawItem(taste, bound, cumulative, Long.MAX_VALUE, rng);
    }

    /** As above, among the items released by {@code atMillis} (a draw of one not yet released is drawn again). */
    int drawItem(double[] taste, double[] bound, double[] cumulative, long atMillis, SplittableRandom rng) {
        int item = -1;
        for (int attempt = 0; attempt < MAX_PROPOSALS; attempt++) {
            int genre = drawGenre(cumulative, rng);
            item = drawItemOfGenre(genre, rng);
            if (!releasedBy(item, atMillis)) {
                continue;
            }
            double slack = (score(taste, item) - bound[genre]) / temperature;
            if (rng.nextDouble() < StrictMath.exp(slack)) {
                return item;
            }
        }
        return item;
    }

    /** An item drawn by popularity alone, taste ignored. */
    int drawByPopularity(SplittableRandom rng) {
        return drawByPopularity(Long.MAX_VALUE, rng);
    }

    /** As above, among the items released by {@code atMillis}. */
    int drawByPopularity(long atMillis, SplittableRandom rng) {
        int item = -1;
        for (int attempt = 0; attempt < MAX_PROPOSALS; attempt++) {
            int genre = search(genreMassCumulative, rng.nextDouble() * last(genreMassCumulative));
            item = drawItemOfGenre(genre, rng);
            if (releasedBy(item, atMillis)) {
                return item;
            }
        }
        return item;
    }

    /** taste·vector(item). */
    double score(double[] taste, int item) {
        int offset = item * genres;
        double sum = 0;
        for (int g = 0; g < genres; g++) {
            sum += taste[g] * itemVector[offset + g];
        }
        return sum;
    }

    private int drawItemOfGenre(int genre, SplittableRandom rng) {
        double[] cumulative = genrePopularityCumulative[genre];
        return genreItems[genre][search(cumulative, rng.nextDouble() * last(cumulative))];
    }

    private void indexItemsByGenre(double[] popularity) {
        int[] counts = new int[genres];
        for (int genre : itemGenre) {
            counts[genre]++;
        }
        for (int g = 0; g < genres; g++) {
            genreItems[g] = new int[counts[g]];
            genrePopularityCumulative[g] = new double[counts[g]];
        }
        int[] filled = new int[genres];
        for (int i = 0; i < itemGenre.length; i++) {
            int g = itemGenre[i];
            int at = filled[g]++;
            genreMass[g] += popularity[i];
            genreItems[g][at] = i;
            genrePopularityCumulative[g][at] = genreMass[g];
        }
    }

    /** Loads 1 on {@code primary} and uniform [0, tasteSpread] elsewhere, into row {@code row} of {@code matrix}. */
    private void plantVector(float[] matrix, int row, int primary, SplittableRandom rng) {
        int offset = row * genres;
        for (int g = 0; g < genres; g++) {
            matrix[offset + g] = g == primary ? 1f : (float) (rng.nextDouble() * tasteSpread);
        }
    }

    /** Weights 1/rank^exponent, ranks shuffled so that popularity is unrelated to the index. */
    private static double[] zipfWeights(int n, double exponent, SplittableRandom rng) {
        int[] rank = shuffledIndexes(n, rng);
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = StrictMath.pow(rank[i] + 1, -exponent);
        }
        return weights;
    }

    /** Exactly round(share × users) users, ascending. */
    private static int[] chooseShare(int users, double share, SplittableRandom rng) {
        int count = (int) StrictMath.round(share * users);
        int[] pool = new int[users];
        for (int i = 0; i < users; i++) {
            pool[i] = i;
        }
        // A partial Fisher-Yates: the first `count` slots end up a uniform sample.
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(users - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        int[] chosen = Arrays.copyOf(pool, count);
        Arrays.sort(chosen);
        return chosen;
    }

    private static int[] shuffledIndexes(int n, SplittableRandom rng) {
        int[] indexes = new int[n];
        for (int i = 0; i < n; i++) {
            indexes[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = indexes[i];
            indexes[i] = indexes[j];
            indexes[j] = swap;
        }
        return indexes;
    }

    private static double[] cumulative(double[] weights) {
        double[] sums = new double[weights.length];
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            sums[i] = running;
        }
        return sums;
    }

    private static double last(double[] cumulative) {
        return cumulative[cumulative.length - 1];
    }

    /** The first index whose running sum exceeds {@code target}; zero-weight entries are never returned. */
    private static int search(double[] cumulative, double target) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] > target) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
