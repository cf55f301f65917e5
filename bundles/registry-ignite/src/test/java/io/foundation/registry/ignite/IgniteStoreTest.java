package io.foundation.registry.ignite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.ignite.Ignition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.foundation.api.cluster.Member;
import io.foundation.api.cluster.Membership;
import io.foundation.api.cluster.View;
import io.foundation.api.registry.RegistryStore;

/** The component's promise: a store is offered only once Ignite is up, and withdrawn before Ignite stops. */
class IgniteStoreTest {

    @TempDir
    Path work;
    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger storeLogger = (Logger) LoggerFactory.getLogger(IgniteStore.class);

    record Registered(Object service, Dictionary<String, ?> properties, boolean[] unregistered) {
    }

    @BeforeEach
    void captureLog() {
        log.start();
        storeLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        storeLogger.detachAppender(log);
    }

    @Test
    void offersTheStoreOnceIgniteIsUpAndWithdrawsItWhenDeactivated() {
        IgniteStore component = new IgniteStore(context(), Grids.settings("solo", work));

        await().atMost(Duration.ofSeconds(40)).until(component::registered);
        Registered store = registered.get(0);
        assertThat(store.service()).isInstanceOf(RegistryStore.class);
        assertThat(((RegistryStore) store.service()).name()).isEqualTo("ignite");
        assertThat(store.properties().get(Constants.SERVICE_RANKING)).isEqualTo(100);
        assertThat(store.properties().get(RegistryStore.NAME)).isEqualTo("ignite");

        component.deactivate();

        assertThat(store.unregistered()[0]).isTrue();
        assertThat(component.registered()).isFalse();
        assertThat(Ignition.allGrids()).isEmpty();
    }

    @Test
    void anIgniteNodeThatStopsByItselfTakesTheStoreWithItAndStartsAgain() {
        IgniteStore component = new IgniteStore(context(), Grids.settings("fragile", work));
        await().atMost(Duration.ofSeconds(40)).until(component::registered);

        Ignition.stop("fragile", true);

        assertThat(component.registered()).isFalse();
        assertThat(registered.get(0).unregistered()[0]).isTrue();
        assertThat(log.list).anyMatch(e -> e.getLevel() == Level.ERROR
                && e.getFormattedMessage().startsWith("Ignite node fragile is stopping by itself"));

        // After a partition segmented it, Ignite comes back and offers the store again.
        await().atMost(IgniteStore.RESTART_DELAY.plusSeconds(40)).until(component::registered);
        assertThat(registered).hasSize(2);
        component.deactivate();
        assertThat(registered.get(1).unregistered()[0]).isTrue();
        assertThat(log.list.stream().filter(e -> e.getLevel() == Level.ERROR)).hasSize(1);
    }

    @Test
    void anIgniteThatCannotStartIsReportedAndNoStoreIsOffered() throws IOException {
        try (ServerSocket taken = new ServerSocket(48710, 1, InetAddress.getLoopbackAddress())) {
            IgniteStore component = new IgniteStore(context(),
                    Grids.settings("blocked", work, taken.getLocalPort(), 0, Optional.empty()));

            await().atMost(Duration.ofSeconds(40)).until(() -> log.list.stream()
                    .anyMatch(e -> e.getLevel() == Level.ERROR));
            ILoggingEvent error = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow();
            assertThat(error.getFormattedMessage())
                    .startsWith("The ignite registry store is not available, the registry keeps its embedded store: "
                            + "Ignite failed to start: ")
                    .contains("48710");
            assertThat(registered).isEmpty();
            assertThat(component.registered()).isFalse();
            component.deactivate();
        }
        assertThat(Ignition.allGrids()).isEmpty();
    }

    @Test
    void aValueThatIsNotANumberIsReportedNamingTheKeyAndNothingStarts() {
        IgniteStore.Config config = (IgniteStore.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{IgniteStore.Config.class}, (proxy, method, args) -> switch (method.getName()) {
                    // What SCR does when the file says discovery.port = abc.
                    case "discovery_port" -> throw new IllegalStateException(new NumberFormatException(
                            "For input string: \"abc\""));
                    case "ignite_config" -> "";
                    default -> method.getDefaultValue();
                });
        Member self = Grids.member("n1");
        Membership membership = (Membership) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Membership.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "localMember" -> self;
                    case "view" -> new View(1, List.of(self));
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        IgniteStore component = new IgniteStore(context(), membership, config);
        component.deactivate();

        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).isEqualTo("The ignite registry store is not started, the registry "
                    + "keeps its embedded store: discovery.port is not valid (For input string: \"abc\") in "
                    + "io.foundation.registry.ignite.cfg");
        });
        assertThat(registered).isEmpty();
        assertThat(Ignition.allGrids()).isEmpty();
    }

    /** Just what the component uses of a bundle context: registering a service. */
    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "registerService" -> {
                        boolean[] unregistered = {false};
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> properties = (Dictionary<String, ?>) args[2];
                        registered.add(new Registered(args[1], properties, unregistered));
                        yield Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[]{ServiceRegistration.class}, (p, m, a) -> {
                                    if (m.getName().equals("unregister")) {
                                        unregistered[0] = true;
                                    }
                                    return null;
                                });
                    }
                    case "getProperty" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
