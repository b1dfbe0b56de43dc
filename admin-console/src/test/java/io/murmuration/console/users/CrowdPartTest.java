package io.murmuration.console.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.murmuration.protocol.CrowdFollowing;
import org.junit.jupiter.api.Test;

/** What a user's summary says of how much the user follows the crowd. */
class CrowdPartTest {

    @Test
    void saysHowOftenTheUserTookAPopularItemOnceAnyInteractionWasJudged() {
        assertEquals(" · took a popular item 12 of 40 times (30%)", UsersView.crowdPart(new CrowdFollowing(40, 12, 0.3)));
        assertEquals(" · took a popular item 2 of 3 times (67%)", UsersView.crowdPart(new CrowdFollowing(3, 2, 2.0 / 3)));
        assertEquals("", UsersView.crowdPart(new CrowdFollowing(0, 0, 0)), "nothing judged yet");
        assertEquals("", UsersView.crowdPart(null), "a node that does not say");
    }
}
