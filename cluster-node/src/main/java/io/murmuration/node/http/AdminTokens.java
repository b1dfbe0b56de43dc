package io.murmuration.node.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The bearer tokens the admin API accepts, each with a name (recorded as who made a change) and a role. Only
 * the SHA-256 of each token is configured, never the token, so neither the configuration nor a heap dump gives one
 * away; a presented token is hashed and compared with every configured hash in constant time.
 *
 * <p>{@value #KEY} is a list of {@code {name, role, sha256}} objects, or a string in the compact form
 * {@code name:role:sha256,name:role:sha256} (what {@code MURMURATION_ADMIN_TOKENS} holds). A name is 1–64 of
 * {@code A-Z a-z 0-9 . _ @ -}; a role is {@code viewer} or {@code operator}; {@code sha256} is the 64 hex digits
 * of the token's SHA-256 ({@code deploy/bin/admin-token} makes both).
 */
public final class AdminTokens {

    public static final String KEY = "murmuration.admin.tokens";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> FIELDS = Set.of("name", "role", "sha256");

    /** Who presented a token: the token's name and role. */
    public record Holder(String name, AdminRole role) {}

    private record Entry(Holder holder, byte[] sha256) {}

    private final List<Entry> entries;

    private AdminTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads {@value #KEY} from the {@code murmuration} section; refuses an empty list and malformed entries with a
     * message naming the key and the entry number. Values other than a valid name are never repeated: a token pasted
     * into the wrong field by mistake must not reach a log.
     */
    public static AdminTokens from(Config murmuration) {
        ConfigValue value = murmuration.hasPath("admin.tokens") ? murmuration.getValue("admin.tokens") : null;
        List<Entry> entries = new ArrayList<>();
        if (value == null) {
            // none configured: refused below
        } else if (value.valueType() == ConfigValueType.STRING) {
            String compact = ((String) value.unwrapped()).trim();
            if (!compact.isEmpty()) {
                String[] parts = compact.split(",", -1);
                for (int i = 0; i < parts.length; i++) entries.add(fromCompact(parts[i].trim(), i + 1));
            }
        } else if (value.valueType() == ConfigValueType.LIST) {
            List<? extends ConfigValue> list = murmuration.getList("admin.tokens");
            for (int i = 0; i < list.size(); i++) entries.add(fromValue(list.get(i), i + 1));
        } else {
            throw bad("must be a list of {name, role, sha256} or a string 'name:role:sha256,…', was a "
                    + value.valueType().name().toLowerCase());
        }
        if (entries.isEmpty()) {
            throw bad("the admin API needs at least one token: set it, or MURMURATION_ADMIN_TOKENS as"
                    + " 'name:role:sha256,…' (deploy/bin/admin-token NAME ROLE makes one; deploy/dev up does it for you;"
                    + " the single clear-text MURMURATION_ADMIN_TOKEN is no longer read)");
        }
        return of(entries);
    }

    private static AdminTokens of(List<Entry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (entries.get(i).holder().name().equals(entries.get(j).holder().name())) {
                    throw bad("entries " + (j + 1) + " and " + (i + 1) + " are both named '" + entries.get(i).holder().name()
                            + "'; each token needs its own name, the audit trail records it");
                }
                if (MessageDigest.isEqual(entries.get(i).sha256(), entries.get(j).sha256())) {
                    throw bad("entries " + (j + 1) + " and " + (i + 1) + " have the same sha256: one token, two names");
                }
            }
        }
        return new AdminTokens(entries);
    }

    /**
     * Whose token this is, if any. The token's hash is compared with every configured hash, without stopping at a
     * match, so how long the answer takes says nothing about which entry, if any, matched.
     */
    public Optional<Holder> holderOf(String presentedToken) {
        byte[] digest = sha256(presentedToken);
        Holder found = null;
        for (Entry entry : entries) {
            boolean match = MessageDigest.isEqual(digest, entry.sha256());
            found = match ? entry.holder() : found;
        }
        return Optional.ofNullable(found);
    }

    /** The names and roles, for the start-up log; never a hash. */
    public String describe() {
        return entries.stream()
                .map(e -> e.holder().name() + " (" + e.holder().role().wireName() + ")")
                .collect(Collectors.joining(", "));
    }

    public int size() {
        return entries.size();
    }

    /** The lower-case hex SHA-256 of a token's UTF-8 bytes: what goes into the configuration. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Entry fromCompact(String text, int n) {
        String[] fields = text.split(":", -1);
        if (fields.length != 3) {
            throw bad("entry " + n + " must be 'name:role:sha256', found " + fields.length + " field(s)");
        }
        return entry(fields[0].trim(), fields[1].trim(), fields[2].trim(), n);
    }

    private static Entry fromValue(ConfigValue value, int n) {
        if (value.valueType() == ConfigValueType.STRING) return fromCompact(((String) value.unwrapped()).trim(), n);
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw bad("entry " + n + " must be an object {name, role, sha256}, was a " + value.valueType().name().toLowerCase());
        }
        ConfigObject object = (ConfigObject) value;
        for (String field : object.keySet()) {
            if (!FIELDS.contains(field)) {
                throw bad("entry " + n + " has an unknown field '" + field + "'; expected name, role and sha256 (the token's hash, never the token)");
            }
        }
        return entry(field(object, "name", n), field(object, "role", n), field(object, "sha256", n), n);
    }

    private static String field(ConfigObject object, String name, int n) {
        ConfigValue v = object.get(name);
        if (v == null) throw bad("entry " + n + " has no " + name);
        if (v.valueType() != ConfigValueType.STRING) throw bad("entry " + n + ": " + name + " must be a string");
        return ((String) v.unwrapped()).trim();
    }

    private static Entry entry(String name, String role, String sha256, int n) {
        if (!NAME.matcher(name).matches()) {
            throw bad("entry " + n + ": name must be 1 to 64 of A-Z a-z 0-9 . _ @ -");
        }
        Optional<AdminRole> parsedRole = AdminRole.fromWire(role);
        if (parsedRole.isEmpty()) {
            throw bad("entry " + n + " (" + name + "): role must be viewer or operator");
        }
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw bad("entry " + n + " (" + name + "): sha256 must be 64 hex digits, the SHA-256 of the token, never the token itself");
        }
        return new Entry(new Holder(name, parsedRole.get()), HexFormat.of().parseHex(sha256));
    }

    private static ConfigException.BadValue bad(String message) {
        return new ConfigException.BadValue(KEY, message);
    }
}
