package io.relevans.backtest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens a JSON lines file for reading, gunzipping it when its first bytes say it is gzipped. */
final class JsonLinesFile {

    private JsonLinesFile() {
    }

    /**
     * A reader of the file's text.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException                       when it cannot be read
     */
    static Reader open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            InputStream text = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
            return new InputStreamReader(text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
