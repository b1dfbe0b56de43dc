package io.murmuration.node;

import com.typesafe.config.ConfigException;
import java.util.function.Function;

/**
 * One section of the node's configuration, e.g. {@code murmuration.trainer}: reads its keys and refuses bad values
 * with a message that names the key by its full path, as operators set it.
 */
public record ConfigSection(String path) {

    /** {@code getter} applied to {@code key} (relative to the section); a missing or mistyped value names the full key. */
    public <T> T read(String key, Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException e) {
            // The section's own messages name the key relative to it; operators set it by its full path.
            throw new ConfigException.BadValue(path + "." + key, e.getMessage(), e);
        }
    }

    /** Refuses the value of {@code key} with {@code problem} unless {@code holds}. */
    public void require(boolean holds, String key, String problem) {
        if (!holds) {
            throw new ConfigException.BadValue(path + "." + key, problem);
        }
    }
}
