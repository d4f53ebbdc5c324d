package org.vantage.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        byte[] b = new byte[5];
        WireFormat.writeHeader(b, 0x01020304);
        assertThat(b).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId(b, "t")).isEqualTo(0x01020304);
        WireFormat.writeHeader(b, Integer.MAX_VALUE);
        assertThat(WireFormat.schemaId(b, "t")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void rejectsShortInputAndForeignMagic() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[0], "t"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("record too short (0 bytes)");
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {(byte) 0xff, 0, 0, 0, 1}, "t"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0xff");
    }

    @Test
    void topicNameStrategy() {
        assertThat(WireFormat.subject("vantage.alerts.v1", false)).isEqualTo("vantage.alerts.v1-value");
        assertThat(WireFormat.subject("vantage.alerts.v1", true)).isEqualTo("vantage.alerts.v1-key");
    }
}
