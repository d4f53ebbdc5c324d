package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void aFullClassPathIsPassedOnUnchanged() {
        String cp = "/a/classes" + File.pathSeparator + "/b/x.jar";
        assertThat(ChildJvm.classPath(cp)).isEqualTo(cp);
    }

    @Test
    void aLoneJarWithAManifestClassPathIsEnoughOnItsOwn() throws Exception {
        Path jar = jar("app.jar", "lib/kafka.jar");
        assertThat(ChildJvm.classPath(jar.toString()))
                .isEqualTo(jar.toAbsolutePath().toString());
    }

    @Test
    void aLoneJarWithoutManifestClassPathGetsTheJarsOfItsLibFolder() throws Exception {
        Path jar = jar("app.jar", null);
        Files.createDirectories(dir.resolve("lib"));
        Files.createFile(dir.resolve("lib/b.jar"));
        Files.createFile(dir.resolve("lib/a.jar"));
        Files.createFile(dir.resolve("lib/readme.txt"));

        assertThat(ChildJvm.classPath(jar.toString()))
                .isEqualTo(String.join(
                        File.pathSeparator,
                        jar.toAbsolutePath().toString(),
                        dir.resolve("lib/a.jar").toString(),
                        dir.resolve("lib/b.jar").toString()));
    }

    private Path jar(String name, String manifestClassPath) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestClassPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar;
    }
}
