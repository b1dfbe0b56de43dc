package io.murmuration.node;

import io.murmuration.node.RawHttp.Request;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A seeded generator of requests no honest client sends: events with one field broken (the broken field is known, so
 * the reply can be checked to name it), bodies that are not events at all, bad headers, bad paths, bad query
 * parameters and bad tokens, on every path of both APIs. The same seed gives the same requests.
 */
final class HostileRequests {

    enum Api { PUBLIC, ADMIN }

    /**
     * What the reply to an attack must be, beyond "not 5xx": {@code status} 0 accepts any status below 500 (the request
     * may be odd but acceptable), -4 any 4xx; {@code field} (when not null) is the field the error must name.
     */
    record Expect(int status, String field) {
        static final Expect ANY_ANSWER = new Expect(0, null);
        static final Expect REFUSED = new Expect(-4, null);

        static Expect refused(int status, String field) {
            return new Expect(status, field);
        }

        static Expect answered(int status) {
            return new Expect(status, null);
        }
    }

    /** One hostile request, the API it goes to, whether its reply streams without end, and what it must get back. */
    record Attack(String category, Api api, Request request, boolean streams, Expect expect) {
        static Attack of(String category, Api api, Request request, Expect expect) {
            return new Attack(category, api, request, false, expect);
        }
    }

    static final String JSON = "application/json";
    static final Instant EARLIEST = Instant.parse("1995-01-01T00:00:00Z");

    private final Random random;
    private final List<String> knownUsers;
    private final List<String> knownItems;
    private final Instant now = Instant.now();
    private int serial;

    HostileRequests(long seed, List<String> knownUsers, List<String> knownItems) {
        this.random = new Random(seed);
        this.knownUsers = knownUsers;
        this.knownItems = knownItems;
    }

    // ------------------------------------------------------------------ events with one known broken field

    /** A broken value for one field of an event, as raw JSON (null: leave the field out). */
    record Breakage(String field, String json, boolean asRating) {}

    /** The defect of issue 9 and its relatives: each is refused naming the field, whatever the type. */
    static List<Breakage> poisonRelatives(Instant now) {
        List<Breakage> b = new ArrayList<>();
        for (String ts : List.of(
                "-9223372036854775808", "9223372036854775807", "\"-9223372036854775808\"", "\"9223372036854775807\"",
                "-9223372036854775807", "-1", "0", "1", Long.toString(EARLIEST.toEpochMilli() - 1),
                Long.toString(now.plus(Duration.ofHours(25)).toEpochMilli()), "\"" + now.plus(Duration.ofDays(2)) + "\"",
                "\"1900-01-01T00:00:00Z\"", "\"1994-12-31T23:59:59.999Z\"", "\"0001-01-01T00:00:00Z\"",
                "\"+999999999-12-31T23:59:59Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"+10000-01-01T00:00:00Z\"",
                "-62135596800000", "253402300800000", "1e30", "1.7e12", "-1.0e19")) {
            b.add(new Breakage("timestamp", ts, false));
        }
        for (String value : List.of(
                "1e308", "-1e308", "1.7976931348623157e308", "1e400", "-1e400", "-1", "-0.0001", "10.0001", "11",
                "9223372036854775807", "-9223372036854775808", "18446744073709551616", "\"NaN\"", "\"Infinity\"",
                "\"-Infinity\"", "\"5\"", "true", "{}", "[]", "[1]")) {
            b.add(new Breakage("value", value, false));
            b.add(new Breakage("value", value, true));
        }
        b.add(new Breakage("value", null, true)); // a rating without value
        b.add(new Breakage("value", "null", true));
        return b;
    }

    /** Broken values for the other fields. */
    static final List<Breakage> FIELD_BREAKAGES = List.of(
            new Breakage("eventId", null, false), new Breakage("eventId", "null", false), new Breakage("eventId", "\"\"", false),
            new Breakage("eventId", "\"" + "e".repeat(129) + "\"", false), new Breakage("eventId", "123", false),
            new Breakage("eventId", "true", false), new Breakage("eventId", "[]", false), new Breakage("eventId", "{}", false),
            new Breakage("eventId", "\"" + "x".repeat(20_000) + "\"", false),
            new Breakage("userId", null, false), new Breakage("userId", "\"\"", false), new Breakage("userId", "\"a b\"", false),
            new Breakage("userId", "\"a/b\"", false), new Breakage("userId", "\"../../etc/passwd\"", false),
            new Breakage("userId", "\"\u00fcser\"", false), new Breakage("userId", "\"a\\u0000b\"", false),
            new Breakage("userId", "\"" + "u".repeat(129) + "\"", false), new Breakage("userId", "42", false),
            new Breakage("userId", "\"<script>alert(1)</script>\"", false), new Breakage("userId", "\"a\\nb\"", false),
            new Breakage("userId", "\"%2e%2e\"", false), new Breakage("userId", "\"'; DROP TABLE messages; --\"", false),
            new Breakage("itemId", null, false), new Breakage("itemId", "\"\"", false), new Breakage("itemId", "\"sku 42\"", false),
            new Breakage("itemId", "\"" + "i".repeat(5000) + "\"", false), new Breakage("itemId", "[\"sku\"]", false),
            new Breakage("itemId", "\"\\ud83d\\ude00\"", false), new Breakage("itemId", "1e308", false),
            new Breakage("type", null, false), new Breakage("type", "\"stare\"", false), new Breakage("type", "\"\"", false),
            new Breakage("type", "1", false), new Breakage("type", "[\"click\"]", false), new Breakage("type", "\"click \"", false),
            new Breakage("timestamp", null, false), new Breakage("timestamp", "null", false), new Breakage("timestamp", "\"\"", false),
            new Breakage("timestamp", "\"yesterday\"", false), new Breakage("timestamp", "\"2026-13-45T00:00:00Z\"", false),
            new Breakage("timestamp", "true", false), new Breakage("timestamp", "{}", false), new Breakage("timestamp", "[]", false),
            new Breakage("timestamp", "99999999999999999999", false), new Breakage("timestamp", "\"1e12\"", false),
            new Breakage("context", "\"page=home\"", false), new Breakage("context", "[]", false),
            new Breakage("context", "{\"page\":1}", false), new Breakage("context", "{\"page\":{\"deep\":\"x\"}}", false),
            new Breakage("context", "{\"page\":[\"a\"]}", false), new Breakage("context", "{\"page\":true}", false),
            new Breakage("context", seventeenEntries(), false));

    private static String seventeenEntries() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < 17; i++) b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        return b.append('}').toString();
    }

    /** A valid event's JSON with {@code breakage} applied (or none, when null). */
    String event(Breakage breakage) {
        String type = breakage != null && breakage.asRating() ? "rating"
                : pick("view", "click", "add_to_cart", "purchase", "skip", "rating");
        StringBuilder b = new StringBuilder("{");
        field(b, "eventId", "\"h-" + (serial++) + "-" + random.nextInt(1_000_000) + "\"", breakage);
        field(b, "userId", "\"" + pick(knownUsers) + "\"", breakage);
        field(b, "itemId", "\"" + pick(knownItems) + "\"", breakage);
        field(b, "type", "\"" + type + "\"", breakage);
        if (type.equals("rating") || random.nextInt(3) == 0 || isFor(breakage, "value")) {
            field(b, "value", Double.toString(random.nextInt(11) * (random.nextBoolean() ? 1.0 : 0.5) % 10.5), breakage);
        }
        field(b, "timestamp", validTimestamp(), breakage);
        if (random.nextInt(3) == 0 || isFor(breakage, "context")) field(b, "context", "{\"page\":\"home\"}", breakage);
        if (b.charAt(b.length() - 1) == ',') b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    private static boolean isFor(Breakage breakage, String field) {
        return breakage != null && breakage.field().equals(field);
    }

    private static void field(StringBuilder b, String name, String json, Breakage breakage) {
        String value = isFor(breakage, name) ? breakage.json() : json;
        if (value == null) return;
        b.append('"').append(name).append("\":").append(value).append(',');
    }

    private String validTimestamp() {
        long from = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
        long to = now.minus(Duration.ofHours(1)).toEpochMilli();
        long at = from + (long) (random.nextDouble() * (to - from));
        return random.nextBoolean() ? Long.toString(at) : "\"" + Instant.ofEpochMilli(at) + "\"";
    }

    // ------------------------------------------------------------------ the generator

    /** {@code count} attacks drawn from every category, in a seeded order. */
    List<Attack> generate(int count) {
        List<Supplier<Attack>> kinds = List.of(
                this::brokenEvent, this::brokenEvent, this::brokenEvent, this::brokenEvent, this::poisonEvent,
                this::brokenEventInBatch, this::brokenEventInBatch, this::notAnEvent, this::notAnEvent,
                this::badContentType, this::badPublicPath, this::badPublicPath, this::badPublicQuery, this::badPublicQuery,
                this::badAdminPath, this::badAdminQuery, this::badAdminQuery, this::badToken, this::badToken,
                this::viewerChange, this::operatorBadBody, this::wrongMethod, this::badHeaders);
        List<Attack> attacks = new ArrayList<>(count);
        while (attacks.size() < count) attacks.add(kinds.get(random.nextInt(kinds.size())).get());
        return attacks;
    }

    Attack brokenEvent() {
        Breakage breakage = pick(FIELD_BREAKAGES);
        return postEvents("event with a broken " + breakage.field(), event(breakage), Expect.refused(400, breakage.field()));
    }

    Attack poisonEvent() {
        Breakage breakage = pick(poisonRelatives(now));
        return postEvents("poison relative (" + breakage.field() + ")", event(breakage), Expect.refused(400, breakage.field()));
    }

    Attack brokenEventInBatch() {
        int size = 1 + random.nextInt(random.nextInt(10) == 0 ? 1000 : 20);
        int broken = random.nextInt(size);
        Breakage breakage = random.nextBoolean() ? pick(FIELD_BREAKAGES) : pick(poisonRelatives(now));
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) b.append(i == 0 ? "" : ",").append(event(i == broken ? breakage : null));
        return postEvents("batch with a broken " + breakage.field(), b.append(']').toString(),
                Expect.refused(400, "[" + broken + "]." + breakage.field()));
    }

    private Attack postEvents(String category, String body, Expect expect) {
        String target = pick("/v1/events", "/v1/events?sync=true", "/v1/events?sync=false");
        return Attack.of(category, Api.PUBLIC, Request.of("POST", target, body.getBytes(StandardCharsets.UTF_8), "Content-Type", JSON), expect);
    }

    Attack notAnEvent() {
        int which = random.nextInt(17);
        byte[] body = switch (which) {
            case 0 -> new byte[0];
            case 1 -> "   \n\t ".getBytes(StandardCharsets.UTF_8);
            case 2 -> "[]".getBytes(StandardCharsets.UTF_8);
            case 3 -> pick("null", "true", "42", "\"event\"", "1e999", "-0", "NaN", "Infinity").getBytes(StandardCharsets.UTF_8);
            case 4 -> "[".repeat(10_000 + random.nextInt(50_000)).getBytes(StandardCharsets.UTF_8);
            case 5 -> ("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)).getBytes(StandardCharsets.UTF_8);
            case 6 -> event(null).replaceFirst("\\{", "{\"userId\":\"dup-a\",").getBytes(StandardCharsets.UTF_8);
            case 7 -> invalidUtf8();
            case 8 -> batchOf(1001);
            case 9 -> ("[" + event(null) + ",42," + event(null) + "]").getBytes(StandardCharsets.UTF_8);
            case 10 -> ("[" + event(null) + ",null]").getBytes(StandardCharsets.UTF_8);
            case 11 -> (event(null) + event(null)).getBytes(StandardCharsets.UTF_8);
            case 12 -> event(null).substring(0, 1 + random.nextInt(40)).getBytes(StandardCharsets.UTF_8);
            case 13 -> randomBytes(1 + random.nextInt(2000));
            case 14 -> ("\"" + "z".repeat(900_000) + "\"").getBytes(StandardCharsets.UTF_8);
            case 15 -> ("[" + "[],".repeat(2000) + "[]]").getBytes(StandardCharsets.UTF_8);
            default -> ("{\"eventId\":\"x\",\"eventId\":\"y\"" + event(null).substring(1)).getBytes(StandardCharsets.UTF_8);
        };
        String target = pick("/v1/events", "/v1/events?sync=true");
        return Attack.of("body that is no event (" + which + ")", Api.PUBLIC, Request.of("POST", target, body, "Content-Type", JSON), Expect.REFUSED);
    }

    private byte[] batchOf(int size) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) b.append(i == 0 ? "" : ",").append(event(null));
        return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8() {
        byte[] valid = event(null).getBytes(StandardCharsets.UTF_8);
        byte[] bad = pick(new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xfe, (byte) 0xfe, 0x00});
        // Inside the userId's value, where a decoder that replaced bad bytes would turn them into an id.
        String text = new String(valid, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"userId\":\"") + 10;
        byte[] out = new byte[valid.length + bad.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(bad, 0, out, at, bad.length);
        System.arraycopy(valid, at, out, at + bad.length, valid.length - at);
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    Attack badContentType() {
        byte[] body = event(null).getBytes(StandardCharsets.UTF_8);
        String target = "/v1/events";
        if (random.nextInt(3) == 0) {
            String type = pick("text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/octet-stream", "text/json", "application/jsonx", "image/png");
            return Attack.of("content type " + type, Api.PUBLIC, Request.of("POST", target, body, "Content-Type", type), Expect.refused(415, "body"));
        }
        if (random.nextInt(4) == 0) {
            return Attack.of("no content type", Api.PUBLIC, Request.of("POST", target, body), Expect.refused(415, "body"));
        }
        // Odd but possibly acceptable: what matters is no 5xx and a JSON refusal when refused.
        String type = pick("application/json; charset=latin1", "application/json; charset=utf-16", "application/json;charset=",
                "application/json; charset=\"\u00ff\"", "/////", "application/", ";;;", "application/json, text/plain",
                "APPLICATION/JSON", "application/json; " + "p=x; ".repeat(500), "x".repeat(9000));
        return Attack.of("odd content type", Api.PUBLIC, Request.of("POST", target, body, "Content-Type", type), Expect.ANY_ANSWER);
    }

    // ------------------------------------------------------------------ paths and ids

    /** An id no route may accept, URL-encoded as a client library would send it. */
    private String forbiddenId() {
        String raw = pick("a b", "a/b", "../..", "\u00fcser", "a\u0000b", "<script>", "a;b", "a'b", "a\"b", "a?b", "a#b",
                "a%b", "a\\b", "a\nb", "\ud83d\ude00", "x".repeat(129), "\t", "a,b", "a*b", "~root", "a+b");
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Attack badPublicPath() {
        int which = random.nextInt(12);
        return switch (which) {
            case 0 -> get("forbidden userId", Api.PUBLIC, "/v1/users/" + forbiddenId() + "/recommendations", Expect.refused(400, "userId"));
            case 1 -> get("forbidden itemId", Api.PUBLIC, "/v1/items/" + forbiddenId() + "/similar", Expect.refused(400, "itemId"));
            case 2 -> get("unknown item", Api.PUBLIC, "/v1/items/never-seen-" + random.nextInt(1000) + "/similar", Expect.refused(404, "itemId"));
            case 3 -> get("unknown path", Api.PUBLIC, pick("/", "/v1", "/v1/", "/v2/popular", "/V1/popular", "/v1/popular/", "/v1//popular",
                    "/v1/users", "/v1/users//recommendations", "/v1/items//similar", "/admin/users", "/metrics", "/v1/events/1",
                    "/favicon.ico", "/.env", "/v1/users/u/recommendations/extra", "/v1/popular.json"), Expect.REFUSED);
            case 4 -> get("traversal", Api.PUBLIC, pick("/v1/../admin/users", "/v1/users/../../etc/passwd/recommendations",
                    "/v1/users/%2e%2e/recommendations", "/v1/users/%2e%2e%2f%2e%2e/recommendations", "/v1/users/..%2f..%2fadmin/recommendations",
                    "/v1/items/%2e/similar", "/../../../../etc/passwd", "/v1/users/%252e%252e/recommendations"), Expect.REFUSED);
            case 5 -> get("percent-encoding", Api.PUBLIC, pick("/v1/users/%zz/recommendations", "/v1/users/%/recommendations",
                    "/v1/users/%00/recommendations", "/v1/users/%C0%AF/recommendations", "/v1/users/%ff%fe/recommendations",
                    "/v1/users/%41lice/recommendations", "/v1/popular%3Fk=5", "/v1/%70opular", "/v1/items/%E2%82/similar",
                    "/v1/users/a%0d%0aX-Injected:%201/recommendations"), Expect.ANY_ANSWER);
            case 6 -> get("very long userId", Api.PUBLIC, "/v1/users/" + "u".repeat(129 + random.nextInt(1500)) + "/recommendations", Expect.REFUSED);
            case 7 -> get("very long path", Api.PUBLIC, "/v1/users/" + "u".repeat(3000 + random.nextInt(100_000)) + "/recommendations", Expect.REFUSED);
            case 8 -> get("raw forbidden characters", Api.PUBLIC, pick("/v1/users/a b/recommendations", "/v1/users/<x>/recommendations",
                    "/v1/users/\u00fc/recommendations", "/v1/users/a\"b/recommendations", "/v1/users/{id}/recommendations",
                    "/v1/users/a|b/recommendations", "/v1/users/a\\b/recommendations"), Expect.REFUSED);
            case 9 -> get("absolute and odd targets", Api.PUBLIC, pick("*", "http://evil.example/v1/popular", "//v1/popular",
                    "v1/popular", "/v1/popular#frag", "/v1/popular?", "/v1/popular?&&&&"), Expect.ANY_ANSWER);
            case 10 -> get("valid id, odd user", Api.PUBLIC, "/v1/users/" + pick("-", ".", "..x", "@", ":", "_") + "/recommendations", Expect.ANY_ANSWER);
            default -> get("unknown user", Api.PUBLIC, "/v1/users/stranger-" + random.nextInt(100_000) + "/recommendations", Expect.answered(200));
        };
    }

    Attack badAdminPath() {
        String user = forbiddenId();
        int which = random.nextInt(8);
        return switch (which) {
            case 0 -> admin("forbidden userId", "GET", "/admin/users/" + user, null, Expect.refused(400, "userId"));
            case 1 -> admin("forbidden userId", "GET", "/admin/users/" + user + "/events", null, Expect.refused(400, "userId"));
            case 2 -> admin("forbidden userId", "GET", "/admin/users/" + user + "/replay?asOf=2026-01-01T00:00:00Z", null, Expect.refused(400, "userId"));
            case 3 -> admin("unknown admin path", "GET", pick("/admin", "/admin/", "/admin/nothing", "/admin/users/u/x", "/admin/models/x",
                    "/admin/drift", "/admin/drift/alarms/x", "/admin//users", "/admin/users/u/events/1", "/metrics/x"), null, Expect.REFUSED);
            case 4 -> admin("traversal", "GET", pick("/admin/users/../models", "/admin/users/%2e%2e/events", "/admin/../v1/popular",
                    "/admin/users/..%2fmodels", "/admin/models/..%2f..%2ftrain/activate"), null, Expect.ANY_ANSWER);
            case 5 -> admin("very long id", "GET", "/admin/users/" + "u".repeat(129 + random.nextInt(4000)) + "/events", null, Expect.REFUSED);
            case 6 -> admin("unknown alarm", "POST", "/admin/drift/alarms/" + pick("nope", "user-x-1", "%2e%2e", "global-hit-rate-9", "a".repeat(500)) + "/ack",
                    "{\"reason\":\"checked\"}", Expect.REFUSED);
            default -> admin("unknown version", "POST", "/admin/models/" + pick("v0", "..", "%00", "latest", "v".repeat(300), "null") + "/activate",
                    "{\"reason\":\"checked\"}", Expect.REFUSED);
        };
    }

    // ------------------------------------------------------------------ query parameters

    Attack badPublicQuery() {
        String user = pick(knownUsers);
        int which = random.nextInt(5);
        return switch (which) {
            case 0 -> get("bad k", Api.PUBLIC, "/v1/users/" + user + "/recommendations?k=" + badInt(200), Expect.refused(400, "k"));
            case 1 -> get("bad diversity", Api.PUBLIC, "/v1/users/" + user + "/recommendations?diversity=" + pick("-0.1", "1.1", "NaN",
                    "Infinity", "-Infinity", "", "abc", "1e308", "0.5e", "%00", "0x1p-2x", "1,5", "--1"), Expect.refused(400, "diversity"));
            case 2 -> get("bad k", Api.PUBLIC, pick("/v1/popular?k=", "/v1/items/" + pick(knownItems) + "/similar?k=") + badInt(200), Expect.refused(400, "k"));
            case 3 -> Attack.of("bad sync", Api.PUBLIC, Request.of("POST", "/v1/events?sync=" + pick("maybe", "TRUE", "1", "", "yes", "true%00", "t"),
                    event(null).getBytes(StandardCharsets.UTF_8), "Content-Type", JSON), Expect.refused(400, "sync"));
            default -> get("odd but valid query", Api.PUBLIC, "/v1/users/" + user + "/recommendations?" + pick("k=1", "k=200", "k=1&k=2",
                    "diversity=0", "diversity=1", "diversity=0.99999999999", "unknown=1", "k=10&diversity=0.3&x=" + "y".repeat(1000),
                    "diversity=1e-300", "diversity=4.9e-324"), Expect.ANY_ANSWER);
        };
    }

    private String badInt(int max) {
        return pick("0", "-1", Integer.toString(max + 1), "1e3", "abc", "", "2147483648", "-2147483649", "9223372036854775808",
                "1.5", "0x10", "%00", "10%20OR%201=1", "NaN", "+-1", "99999999999999999999999");
    }

    private String badInstant() {
        return pick("", "yesterday", "2026-11-22", "2026-02-30T00:00:00Z", "1700000000000", "2026-11-22T10:15:00",
                "2026-11-22T25:00:00Z", "%00", "2026-11-22T10:15:00Z%20OR%201=1", "null");
    }

    /** Instants every parser accepts but far outside any journal: an answer, not a crash. */
    private String extremeInstant() {
        return pick("-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "292278994-08-17T07:12:55.807Z", "-292275055-05-16T16:47:04.192Z");
    }

    Attack badAdminQuery() {
        String user = pick(knownUsers);
        int which = random.nextInt(12);
        return switch (which) {
            case 0 -> admin("bad limit", "GET", "/admin/users?limit=" + badInt(1000), null, Expect.refused(400, "limit"));
            case 1 -> admin("bad limit", "GET", "/admin/users/" + user + "/events?limit=" + badInt(10000), null, Expect.refused(400, "limit"));
            case 2 -> admin("bad from", "GET", "/admin/users/" + user + "/events?from=" + badInstant(), null, Expect.refused(400, "from"));
            case 3 -> admin("bad to", "GET", "/admin/users/" + user + "/events?to=" + badInstant(), null, Expect.refused(400, "to"));
            case 4 -> admin("extreme from/to", "GET", "/admin/users/" + user + "/events?from=" + extremeInstant() + "&to=" + extremeInstant(), null, Expect.ANY_ANSWER);
            case 5 -> admin("bad asOf", "GET", "/admin/users/" + user + "/replay" + pick("", "?asOf=" + badInstant()), null, Expect.refused(400, "asOf"));
            case 6 -> admin("extreme asOf", "GET", "/admin/users/" + user + "/replay?asOf=" + extremeInstant(), null, Expect.ANY_ANSWER);
            case 7 -> admin("bad replay k", "GET", "/admin/users/" + user + "/replay?asOf=2026-11-22T10:00:00Z&k=" + badInt(100), null, Expect.refused(400, "k"));
            case 8 -> admin("bad audit paging", "GET", "/admin/audit?" + pick("limit=" + badInt(500), "before=" + pick("0", "-1", "abc", "", "9223372036854775808", "1.5")),
                    null, Expect.REFUSED);
            case 9 -> admin("bad alarm status", "GET", "/admin/drift/alarms?status=" + pick("OPEN", "foo", "", "open%00", "all,open"), null, Expect.refused(400, "status"));
            case 10 -> admin("odd user paging", "GET", "/admin/users?" + pick("prefix=" + forbiddenId(), "after=" + forbiddenId(), "prefix=&after=",
                    "prefix=" + "p".repeat(1500), "after=%ff", "limit=1&after=zzzzzz", "prefix=%25"), null, Expect.ANY_ANSWER);
            default -> admin("odd audit paging", "GET", "/admin/audit?" + pick("before=9223372036854775807", "limit=500&before=1", "before=%201"),
                    null, Expect.ANY_ANSWER);
        };
    }

    // ------------------------------------------------------------------ tokens and roles

    private static final List<String> ADMIN_READS = List.of("/admin/users", "/admin/users/known-user-1", "/admin/users/known-user-1/events",
            "/admin/users/known-user-1/replay?asOf=2026-11-22T10:00:00Z", "/admin/models", "/admin/drift/alarms", "/admin/audit",
            "/admin/cluster", "/admin/stats", "/admin/stream", "/admin/whoami", "/metrics");
    private static final List<String> ADMIN_CHANGES = List.of("/admin/models/train", "/admin/models/rollback", "/admin/models/v1/activate",
            "/admin/drift/alarms/user-known-user-1-1/ack");

    Attack badToken() {
        boolean change = random.nextInt(3) == 0;
        String path = change ? pick(ADMIN_CHANGES) : pick(ADMIN_READS);
        String method = change ? "POST" : "GET";
        byte[] body = change ? "{\"reason\":\"checked\"}".getBytes(StandardCharsets.UTF_8) : null;
        String authorization = pick(null, "", "Bearer", "Bearer ", "Bearer    ", "Basic aW50ZWdyYXRpb246dGVzdA==", "Bearer wrong-token",
                "Bearer " + RealInfrastructure.ADMIN_TOKEN + "x", "Bearer " + RealInfrastructure.ADMIN_TOKEN.toUpperCase(),
                "Token " + RealInfrastructure.ADMIN_TOKEN, RealInfrastructure.ADMIN_TOKEN, "Bearer " + "A".repeat(4000),
                "Bearer \u00ff\u00fe", "Bearer null", "Bearer undefined", "Bearer " + RealInfrastructure.ADMIN_TOKEN.substring(1),
                "Bearer %s", "Bearer ${jndi:ldap://x/a}", "Bearer ' OR '1'='1");
        Request request = Request.of(method, path, body, "Content-Type", JSON);
        if (authorization != null) request = request.withHeader("Authorization", authorization);
        // A stream that a bad token opened would never end: read only its head.
        // A header value with bytes no header may carry is refused by the HTTP parser (400) before any token check.
        boolean unparsable = authorization != null && authorization.chars().anyMatch(c -> c > 0x7e);
        return new Attack("bad token", Api.ADMIN, request, path.startsWith("/admin/stream"),
                unparsable ? Expect.REFUSED : Expect.refused(401, "Authorization"));
    }

    Attack viewerChange() {
        String path = pick(pick(ADMIN_CHANGES), "/admin/users", "/admin/anything", "/metrics", "/admin/models");
        String body = pick("{\"reason\":\"checked\"}", "{}", "not json", "");
        Request request = Request.of("POST", path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", JSON,
                "Authorization", "Bearer " + RealInfrastructure.VIEWER_TOKEN);
        boolean adminPath = path.startsWith("/admin/");
        // /metrics is not under /admin: a POST there is a method the path does not have.
        return Attack.of("viewer asks for a change", Api.ADMIN, request, adminPath ? Expect.refused(403, "Authorization") : Expect.REFUSED);
    }

    /**
     * The operator's token with bodies that carry no usable reason. Never a valid reason on training: a request
     * that trained would take minutes of the machine.
     */
    Attack operatorBadBody() {
        String path = pick(ADMIN_CHANGES);
        int which = random.nextInt(9);
        byte[] body = switch (which) {
            case 0 -> "{}".getBytes(StandardCharsets.UTF_8);
            case 1 -> "{\"reason\":\"\"}".getBytes(StandardCharsets.UTF_8);
            case 2 -> "{\"reason\":\"  \\t \"}".getBytes(StandardCharsets.UTF_8);
            case 3 -> "{\"reason\":null}".getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"reason\":\"" + "r".repeat(501 + random.nextInt(100_000)) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 5 -> "not json".getBytes(StandardCharsets.UTF_8);
            case 6 -> "{\"reason\":{}}".getBytes(StandardCharsets.UTF_8);
            case 7 -> new byte[] {'{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
            default -> new byte[0];
        };
        String field = which <= 4 || which == 8 ? "reason" : "body";
        Request request = Request.of("POST", path, body, "Content-Type", JSON, "Authorization", "Bearer " + RealInfrastructure.ADMIN_TOKEN);
        // An unknown alarm is looked up before the reason is read: a 404 naming alarmId.
        Expect expect = path.contains("/drift/alarms/") ? Expect.REFUSED : Expect.refused(400, field);
        return Attack.of("operator change without a usable reason", Api.ADMIN, request, expect);
    }

    Attack wrongMethod() {
        String method = pick("PUT", "DELETE", "PATCH", "OPTIONS", "POST", "GET");
        boolean admin = random.nextBoolean();
        String path = admin ? pick(pick(ADMIN_READS), pick(ADMIN_CHANGES)) : pick("/v1/events", "/v1/popular",
                "/v1/users/" + pick(knownUsers) + "/recommendations", "/v1/items/" + pick(knownItems) + "/similar");
        boolean right = (method.equals("GET") && (ADMIN_READS.contains(path) || (!admin && !path.equals("/v1/events"))))
                || (method.equals("POST") && (ADMIN_CHANGES.contains(path) || path.equals("/v1/events")));
        if (right) method = "DELETE";
        Request request = Request.of(method, path, "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", JSON);
        if (admin) request = request.withHeader("Authorization", "Bearer " + pick(RealInfrastructure.ADMIN_TOKEN, RealInfrastructure.VIEWER_TOKEN));
        return Attack.of("method " + method, admin ? Api.ADMIN : Api.PUBLIC, request, Expect.REFUSED);
    }

    Attack badHeaders() {
        boolean admin = random.nextBoolean();
        String path = admin ? pick("/admin/users", "/admin/models", "/admin/users/" + pick(knownUsers), "/admin/stats")
                : pick("/v1/popular", "/v1/users/" + pick(knownUsers) + "/recommendations");
        Request request = Request.of("GET", path, null);
        if (admin) request = request.withHeader("Authorization", "Bearer " + RealInfrastructure.VIEWER_TOKEN);
        int which = random.nextInt(6);
        request = switch (which) {
            case 0 -> request.withHeader("X-Padding", "p".repeat(9000 + random.nextInt(100_000)));
            case 1 -> request.withHeader("User-Agent", "\u00ff\u00fe\u0001\u007f" + "a".repeat(random.nextInt(500)));
            case 2 -> {
                Request r = request;
                for (int i = 0; i < 70 + random.nextInt(200); i++) r = r.withHeader("X-H" + i, "v");
                yield r;
            }
            case 3 -> request.withHeader("Accept", pick("text/html", "application/xml", "*/*;q=abc", "", "image/png, text/csv"));
            case 4 -> request.withHeader("Accept-Charset", pick("utf-16", "ebcdic", "\u00ff")).withHeader("Accept-Encoding", "gzip;q=2, br, zz");
            default -> request.withHeader("Content-Length", pick("-1", "abc", "99999999999999999999"));
        };
        return Attack.of("bad headers (" + which + ")", admin ? Api.ADMIN : Api.PUBLIC, request, Expect.ANY_ANSWER);
    }

    // ------------------------------------------------------------------ helpers

    private Attack get(String category, Api api, String target, Expect expect) {
        return Attack.of(category, api, Request.of("GET", target, null), expect);
    }

    private Attack admin(String category, String method, String target, String body, Expect expect) {
        String token = method.equals("GET") ? pick(RealInfrastructure.ADMIN_TOKEN, RealInfrastructure.VIEWER_TOKEN) : RealInfrastructure.ADMIN_TOKEN;
        return Attack.of(category, Api.ADMIN, Request.of(method, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", JSON, "Authorization", "Bearer " + token), expect);
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
