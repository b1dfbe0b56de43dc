package io.murmuration.protocol;

import java.util.List;

/**
 * One page of the users the journal knows, in id order.
 *
 * @param users     user ids, ascending
 * @param nextAfter pass as {@code after} for the next page; omitted on the last page
 */
public record UserListResponse(List<String> users, String nextAfter) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public UserListResponse {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
