package io.foundation.logging.internal;

import java.io.File;
import java.io.IOException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FileInstall passes over a {@code .jar} in deploy/ that it cannot install as a bundle without a word. This
 * installer claims exactly those files, and its only action is to say what is wrong with them.
 */
@Component
public final class UnusableJars implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger("io.foundation.deploy");

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && problemWith(artifact) != null;
    }

    @Override
    public void install(File artifact) {
        LOG.error("{} is not an OSGi bundle and was not installed: {}", artifact, problemWith(artifact));
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.info("{} was removed", artifact);
    }

    /** Why {@code artifact} cannot be installed as a bundle, or null if it can. */
    static String problemWith(File artifact) {
        try (JarFile jar = new JarFile(artifact)) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return "it has no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "its manifest has no Bundle-SymbolicName";
            }
            return null;
        } catch (IOException e) {
            return "it cannot be read as a jar (" + e.getMessage() + ")";
        }
    }
}
