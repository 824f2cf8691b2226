package dev.vigil.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void readsTheBigEndianSchemaIdAfterTheMagicByte() {
        ByteBuffer buffer = ByteBuffer.allocate(7);
        WireFormat.writeHeader(buffer, 0x01020304);
        assertThat(buffer.array()).startsWith(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId(buffer.array(), "frames")).isEqualTo(0x01020304);
    }

    @Test
    void tooShortForAHeader() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}, "frames"))
                .isInstanceOf(NotWireFormatException.class)
                .hasMessageContaining("'frames' has 3 bytes")
                .hasMessageContaining("at least 5");
    }

    @Test
    void noValueAtAll() {
        assertThatThrownBy(() -> WireFormat.schemaId(null, "frames"))
                .isInstanceOf(NotWireFormatException.class)
                .hasMessageContaining("no value");
    }

    @Test
    void aJpegIsNotWireFormat() {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10};
        assertThatThrownBy(() -> WireFormat.schemaId(jpeg, "frames"))
                .isInstanceOfSatisfying(
                        NotWireFormatException.class,
                        e -> assertThat(e.reasonCode()).isEqualTo("NOT_WIRE_FORMAT"))
                .hasMessageContaining("0xff");
    }
}
