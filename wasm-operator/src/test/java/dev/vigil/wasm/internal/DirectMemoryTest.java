package dev.vigil.wasm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class DirectMemoryTest {
    private static final int PAGE = 65536;

    @Test
    void aFloatViewIsTheGuestMemoryItselfInNativeOrder() {
        DirectMemory memory = new DirectMemory(new MemoryLimits(1, 4));
        memory.writeF32(64, 1.5f);
        FloatBuffer view = memory.floats(64, 4);

        assertThat(view.isDirect()).isTrue();
        assertThat(view.order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(view.get(0)).isEqualTo(1.5f);
        view.put(1, 2.5f); // the host writes, the guest reads: the same bytes
        assertThat(memory.readFloat(68)).isEqualTo(2.5f);
    }

    @Test
    void growsUpToTheLimitKeepingContentAndThenRefuses() {
        DirectMemory memory = new DirectMemory(new MemoryLimits(1, 3));
        memory.writeI32(PAGE - 4, 42);

        assertThat(memory.grow(2)).isEqualTo(1);
        assertThat(memory.pages()).isEqualTo(3);
        assertThat(memory.readInt(PAGE - 4)).isEqualTo(42);
        assertThat(memory.readInt(3 * PAGE - 4)).isZero();
        assertThat(memory.growRefused()).isFalse();

        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThat(memory.growRefused()).isTrue();
        assertThat(memory.pages()).isEqualTo(3);
    }

    @Test
    void accessBeyondTheSizeTrapsEvenWhereCapacityIsReserved() {
        DirectMemory memory = new DirectMemory(new MemoryLimits(1, 8));
        memory.grow(1); // capacity may now exceed 2 pages
        assertThatThrownBy(() -> memory.readInt(2 * PAGE - 2))
                .isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access");
        assertThatThrownBy(() -> memory.floats(2 * PAGE - 8, 4))
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.readInt(-4)).isInstanceOf(WasmRuntimeException.class);
    }

    @Test
    void overlappingCopiesMoveLikeMemmove() {
        DirectMemory memory = new DirectMemory(new MemoryLimits(1, 1));
        memory.write(0, new byte[] {1, 2, 3, 4, 5, 6});
        memory.copy(2, 0, 4);
        assertThat(memory.readBytes(0, 6)).containsExactly(1, 2, 1, 2, 3, 4);
        memory.copy(0, 2, 4);
        assertThat(memory.readBytes(0, 6)).containsExactly(1, 2, 3, 4, 3, 4);
        memory.fill((byte) 9, 1, 3);
        assertThat(memory.readBytes(0, 4)).containsExactly(1, 9, 9, 4);
    }
}
