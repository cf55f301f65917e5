package io.foundation.logging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnusableJarsTest {

    @TempDir
    Path dir;

    private final UnusableJars installer = new UnusableJars();

    @Test
    void claimsJarsThatAreNotBundlesAndSaysWhy() throws IOException {
        File garbage = Files.writeString(dir.resolve("garbage.jar"), "not a zip").toFile();
        File plain = jar("plain.jar", null);
        assertThat(installer.canHandle(garbage)).isTrue();
        assertThat(UnusableJars.problemWith(garbage)).startsWith("it cannot be read as a jar");
        assertThat(installer.canHandle(plain)).isTrue();
        assertThat(UnusableJars.problemWith(plain)).isEqualTo("its manifest has no Bundle-SymbolicName");
    }

    @Test
    void leavesBundlesAndOtherFilesToFileInstall() throws IOException {
        assertThat(installer.canHandle(jar("bundle.jar", "com.example.bundle"))).isFalse();
        assertThat(installer.canHandle(Files.writeString(dir.resolve("README.txt"), "x").toFile())).isFalse();
    }

    private File jar(String name, String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar.toFile();
    }
}
