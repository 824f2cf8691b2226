package dev.vigil.wasm.kernels;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * ImageIO's view of a payload as it is: reads come straight from the buffer, where {@code
 * ImageIO.createImageInputStream} would copy it into a cache (a temporary file by default).
 */
final class ByteBufferImageInputStream extends ImageInputStreamImpl {
    private final ByteBuffer bytes;

    /** Reads {@code payload} from its position to its limit; neither is changed. */
    ByteBufferImageInputStream(ByteBuffer payload) {
        this.bytes = payload.slice();
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (streamPos >= bytes.limit()) {
            return -1;
        }
        return bytes.get((int) streamPos++) & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        int left = bytes.limit() - (int) Math.min(streamPos, bytes.limit());
        if (left == 0) {
            return -1;
        }
        int n = Math.min(len, left);
        bytes.get((int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return bytes.limit();
    }
}
