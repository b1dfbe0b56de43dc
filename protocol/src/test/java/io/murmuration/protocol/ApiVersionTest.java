package io.murmuration.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a client of one contract version may use a node of another. */
class ApiVersionTest {

    @Test
    void aBuildIsCompatibleWithItself() {
        assertTrue(ApiVersion.compatible(ApiVersion.CURRENT, ApiVersion.CURRENT));
    }

    @Test
    void beforeOnePointZeroOnlyTheSameMinorVersionIsCompatible() {
        assertTrue(ApiVersion.compatible("0.2.0", "0.2.7"));
        assertFalse(ApiVersion.compatible("0.2.0", "0.1.0"), "an older node lacks what the client uses");
        assertFalse(ApiVersion.compatible("0.2.0", "0.3.0"), "a newer 0.x node may have changed anything");
    }

    @Test
    void fromOnePointZeroANodeOfTheSameMajorVersionAndAtLeastTheClientsMinorIsCompatible() {
        assertTrue(ApiVersion.compatible("1.2.0", "1.2.0"));
        assertTrue(ApiVersion.compatible("1.2.0", "1.5.1"), "a newer node only added what the client ignores");
        assertFalse(ApiVersion.compatible("1.2.0", "1.1.9"), "an older node lacks what the client uses");
        assertFalse(ApiVersion.compatible("1.2.0", "2.0.0"));
        assertFalse(ApiVersion.compatible("2.0.0", "1.9.0"));
    }

    @Test
    void aPreReleaseSuffixIsIgnoredAndWhatIsNoVersionIsIncompatible() {
        assertTrue(ApiVersion.compatible("0.2.0", "0.2.1-SNAPSHOT"));
        assertFalse(ApiVersion.compatible("0.2.0", null));
        assertFalse(ApiVersion.compatible("0.2.0", "two"));
        assertFalse(ApiVersion.compatible("0.2.0", "0.2"));
        assertFalse(ApiVersion.compatible("0.2.0", "99999999999.0.0"));
    }
}
