package io.relevans.dsl.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Reads the definitions files below a directory or a class path folder: text by file name relative to
 * the directory or folder, in name order.
 */
public final class SourceFiles {

    /** The extension of definitions files. */
    public static final String EXTENSION = ".rel";

    private SourceFiles() {
    }

    /**
     * Every {@code *.rel} file in the directory and its subdirectories.
     *
     * @throws IOException when the directory or a file cannot be read
     */
    public static Map<String, String> directory(Path dir) throws IOException {
        return new LinkedHashMap<>(readDirectory(dir, new TreeMap<>()));
    }

    /**
     * Every {@code *.rel} file below the folder in every class path root of the loader, directories and
     * jars alike. When two roots hold a file of the same relative name, the first root in class path order
     * wins, as for classes.
     *
     * @param loader the class loader
     * @param folder the folder, such as {@code rules} or {@code com/shop/rules}; surrounding '/' are ignored
     * @throws FileNotFoundException when no class path root has the folder
     * @throws IOException when a root cannot be listed (neither a directory nor a jar) or a file cannot be read
     */
    public static Map<String, String> classpath(ClassLoader loader, String folder) throws IOException {
        String name = folder.replaceAll("^/+|/+$", "");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name a class path folder: definitions are not read from the root "
                    + "of the class path");
        }
        List<URL> roots = java.util.Collections.list(loader.getResources(name));
        if (roots.isEmpty()) {
            throw new FileNotFoundException("no folder '" + name + "' on the class path (a jar needs its directory "
                    + "entries, as jar tools write them)");
        }
        TreeMap<String, String> files = new TreeMap<>();
        for (URL root : roots) {
            TreeMap<String, String> found = new TreeMap<>();
            switch (root.getProtocol()) {
                case "file" -> readDirectory(path(root), found);
                case "jar" -> readJar(root, found);
                default -> throw new IOException("cannot list class path folder '" + name + "' at " + root
                        + ": only directories and jars can be listed");
            }
            found.forEach(files::putIfAbsent);
        }
        return new LinkedHashMap<>(files);
    }

    private static Path path(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot read class path folder " + url + ": " + e.getMessage(), e);
        }
    }

    private static TreeMap<String, String> readDirectory(Path dir, TreeMap<String, String> files) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> p.getFileName().toString().endsWith(EXTENSION) && Files.isRegularFile(p))
                    .toList();
        }
        for (Path p : paths) {
            files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
        }
        return files;
    }

    private static void readJar(URL folder, TreeMap<String, String> files) throws IOException {
        URLConnection connection = folder.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("cannot list class path folder " + folder + ": not a jar");
        }
        jarConnection.setUseCaches(false); // a jar file of our own, closed below
        String entryName = jarConnection.getEntryName();
        String prefix = entryName == null || entryName.isEmpty() ? "" : entryName.replaceAll("/+$", "") + "/";
        try (JarFile jar = jarConnection.getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (!e.isDirectory() && e.getName().startsWith(prefix) && e.getName().endsWith(EXTENSION)) {
                    try (InputStream in = jar.getInputStream(e)) {
                        files.put(e.getName().substring(prefix.length()),
                                new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }
}
