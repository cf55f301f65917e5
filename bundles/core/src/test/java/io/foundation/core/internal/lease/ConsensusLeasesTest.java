package io.foundation.core.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

class ConsensusLeasesTest {

    @TempDir
    Path data;

    @Test
    void badValuesAreReportedAndTheLastGoodOnesKept() {
        ConsensusLeases leases = new ConsensusLeases(context(), config("a,b,c", "2000", "file"));
        assertThat(leases.problem()).hasValueSatisfying(p -> assertThat(p).contains("not running"));

        leases.modified(config("a,b,c", "soon", "disk"));

        assertThat(leases.problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("lease must be a number of milliseconds, was 'soon'")
                .contains("log must be file or memory, was 'disk'"));

        leases.modified(config("a,b,c", "50", "memory"));
        assertThat(leases.problem()).hasValueSatisfying(p -> assertThat(p).contains("lease must be 100..600000"));

        leases.modified(config("a,b,c", "1500", "memory"));
        assertThat(leases.problem()).hasValueSatisfying(p -> assertThat(p).doesNotContain("configuration"));
        leases.deactivate();
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "foundation.data".equals(args[0]) ? data.toString() : null;
                    case "getDataFile" -> new File(data.toFile(), (String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ConsensusLeases.Config config(String members, String lease, String log) {
        return new ConsensusLeases.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsensusLeases.Config.class;
            }

            @Override
            public String members() {
                return members;
            }

            @Override
            public String lease() {
                return lease;
            }

            @Override
            public String log() {
                return log;
            }
        };
    }
}
