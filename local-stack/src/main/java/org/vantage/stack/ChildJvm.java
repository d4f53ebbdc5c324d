package org.vantage.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Command lines for child JVMs that run classes of this JVM's class path (the broker, the stack itself).
 *
 * <p>Under Maven Surefire (with {@code useManifestOnlyJar=false}) {@code java.class.path} lists every
 * entry. Started as {@code java -jar vantage-local-stack.jar}, it is only the jar, whose manifest
 * {@code Class-Path} names {@code lib/*.jar}; the JVM honours that attribute for jars on {@code -cp} as
 * well, so the same string works. When a lone jar carries no such manifest, the jars of its sibling
 * {@code lib/} folder are added so a child still finds Kafka.
 */
final class ChildJvm {

    private ChildJvm() {}

    /** The java launcher of the running JVM, so children run the same Java version. */
    static String javaExecutable() {
        Path bin = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(bin) ? bin.toString() : "java";
    }

    static String classPath() {
        return classPath(System.getProperty("java.class.path", ""));
    }

    static String classPath(String current) {
        String[] entries = current.split(File.pathSeparator);
        if (entries.length != 1 || !entries[0].endsWith(".jar")) {
            return current;
        }
        Path jar = Path.of(entries[0]).toAbsolutePath();
        if (manifestClassPath(jar)) {
            return jar.toString();
        }
        Path lib = jar.resolveSibling("lib");
        List<String> all = new ArrayList<>();
        all.add(jar.toString());
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> all.add(p.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + lib, e);
            }
        }
        return String.join(File.pathSeparator, all);
    }

    private static boolean manifestClassPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Class-Path") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
