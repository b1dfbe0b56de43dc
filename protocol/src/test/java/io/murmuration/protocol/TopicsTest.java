package io.murmuration.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Topic and header names are shared with running brokers and tools, so a rename must fail a test. */
class TopicsTest {

    @Test
    void namesAreTheOnesBrokersAndToolsExpect() {
        assertEquals("interactions", Topics.INTERACTIONS);
        assertEquals("interactions.dlq", Topics.DEAD_LETTERS);
        assertEquals("catalog", Topics.CATALOG);
        assertEquals("murmuration.dlq.reason", Topics.DLQ_REASON_HEADER);
        assertEquals("murmuration.dlq.field", Topics.DLQ_FIELD_HEADER);
    }
}
