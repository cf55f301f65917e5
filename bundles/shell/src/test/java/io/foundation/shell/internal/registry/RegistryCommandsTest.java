package io.foundation.shell.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.felix.gogo.runtime.Reflective;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.foundation.api.registry.Entry;
import io.foundation.api.registry.Handle;
import io.foundation.api.registry.Health;
import io.foundation.api.registry.HealthCheck;
import io.foundation.api.registry.Query;
import io.foundation.api.registry.Registration;
import io.foundation.api.registry.RegistryListener;
import io.foundation.api.registry.Router;
import io.foundation.api.registry.Routing;
import io.foundation.api.registry.ServiceRegistry;

class RegistryCommandsTest {

    /** Keeps registrations in a list and remembers the last query. */
    static final class Recording implements ServiceRegistry {
        final List<Entry> entries = new ArrayList<>();
        final AtomicInteger ids = new AtomicInteger();
        Query lastQuery;

        @Override
        public Handle register(Registration r) {
            if (r.metadata().containsKey("bad key")) {
                throw new IllegalArgumentException("metadata key 'bad key' is not a valid filter attribute");
            }
            Entry entry = new Entry("id-" + ids.incrementAndGet(), r.name(), r.capabilities(), r.metadata(),
                    r.endpoint(), "m1", "n1", Health.PASSING, 1);
            entries.add(entry);
            return new Handle() {
                @Override
                public Entry entry() {
                    return entry;
                }

                @Override
                public void health(Health health) {
                }

                @Override
                public void metadata(Map<String, String> metadata) {
                }

                @Override
                public void check(HealthCheck check, Duration interval) {
                }

                @Override
                public void close() {
                    entries.remove(entry);
                }
            };
        }

        @Override
        public List<Entry> lookup(String name) {
            return entries.stream().filter(e -> e.name().equals(name)).toList();
        }

        @Override
        public List<Entry> discover(Query query) {
            lastQuery = query;
            return List.copyOf(entries);
        }

        @Override
        public AutoCloseable watch(Query query, RegistryListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Router router(Query query, Routing routing) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String store() {
            return "embedded";
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Recording registry = new Recording();
    private final RegistryCommands commands = new RegistryCommands();

    RegistryCommandsTest() {
        commands.registry = registry;
    }

    private String run(String... args) throws Exception {
        return (String) Reflective.invoke(null, commands, "registry", List.of((Object[]) args));
    }

    @Test
    void registersListsLooksUpAndUnregistersThroughGogo() throws Exception {
        JsonNode made = json.readTree(run("register", "db", "--capability", "sql", "--capability", "read",
                "--meta", "zone=a", "--meta", "load=3", "--endpoint", "tcp://db:5432", "--json"));
        assertThat(made.get("name").asText()).isEqualTo("db");
        assertThat(made.get("capabilities")).hasSize(2);
        assertThat(made.get("metadata").get("load").asText()).isEqualTo("3");
        String id = made.get("id").asText();

        assertThat(json.readTree(run("lookup", "db", "--json")).get(0).get("endpoint").asText())
                .isEqualTo("tcp://db:5432");
        assertThat(run()).contains(id).contains("1 entry");
        assertThat(json.readTree(run("store", "--json")).get("store").asText()).isEqualTo("embedded");

        run("discover", "--name", "db", "--capability", "sql", "--filter", "(load<=5)", "--health", "passing");
        assertThat(registry.lastQuery).isEqualTo(Query.named("db").withCapabilities("sql").withFilter("(load<=5)")
                .withMinimum(Health.PASSING));
        run("discover");
        assertThat(registry.lastQuery).isEqualTo(Query.all());

        assertThat(run("unregister", id)).isEqualTo("unregistered " + id);
        assertThat(registry.entries).isEmpty();
    }

    @Test
    void badInputGetsAMessageNamingTheProblem() {
        assertThatThrownBy(() -> run("lookup")).hasMessageStartingWith("lookup needs a service name");
        assertThatThrownBy(() -> run("discover", "--health", "fine"))
                .hasMessageContaining("--health must be passing, warning or critical");
        assertThatThrownBy(() -> run("register", "db", "--meta", "novalue")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> run("register", "db", "--meta", "bad key=1")).hasMessageContaining("'bad key'");
        assertThatThrownBy(() -> run("unregister", "nope")).hasMessageContaining("no entry nope");
        assertThatThrownBy(() -> run("frobnicate")).hasMessageContaining("unknown action 'frobnicate'");
        assertThatThrownBy(() -> run("list", "--verbose")).hasMessageContaining("unknown option --verbose");
        commands.registry = null;
        assertThatThrownBy(() -> run()).hasMessageContaining("not running");
        assertThat(Optional.ofNullable(registry.lastQuery)).isEmpty();
    }
}
