package io.relevans.backtest;

import io.relevans.internal.Gzip;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;

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
        InputStream in = Files.newInputStream(file);
        try {
            return Gzip.reader(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
