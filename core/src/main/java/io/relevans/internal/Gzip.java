package io.relevans.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/** Reads a stream that may be gzipped: imports and backtests take JSON lines files either way. */
public final class Gzip {

    private Gzip() {
    }

    /** The stream's content, gunzipped when its first two bytes are gzip's magic number. */
    public static InputStream unzipped(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** A UTF-8 reader of the stream's content, gunzipped when it is gzipped. */
    public static Reader reader(InputStream in) throws IOException {
        return new InputStreamReader(unzipped(in), StandardCharsets.UTF_8);
    }
}
