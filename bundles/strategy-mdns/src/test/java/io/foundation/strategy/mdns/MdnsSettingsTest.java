package io.foundation.strategy.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.foundation.settings.Overrides;
import io.foundation.settings.Parsed;

class MdnsSettingsTest {

    private static final MdnsSettings PREVIOUS = new MdnsSettings("_previous._tcp.local.", Optional.of("eth1"));

    @Test
    void defaultsAreTheFoundationTypeOnTheNodesOwnInterface() {
        Parsed<MdnsSettings> parsed = MdnsSettings.read(Map.of(), MdnsSettings.DEFAULT);

        assertThat(parsed.settings()).isEqualTo(
                new MdnsSettings("_foundation._tcp.local.", Optional.empty()));
        assertThat(parsed.problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"_app._tcp", "_app._tcp.local", "_app._tcp.local.", "_APP._TCP.LOCAL."})
    void aTypeAsAvahiWritesItIsQualified(String type) {
        Parsed<MdnsSettings> parsed = MdnsSettings.read(Map.of(MdnsSettings.SERVICE_TYPE, type), PREVIOUS);

        assertThat(parsed.settings().serviceType()).isEqualTo("_app._tcp.local.");
        assertThat(parsed.problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"foundation", "_foundation", "_foundation._sctp.local.", "foundation._tcp.local.",
            "_sixteen-letters1._tcp.local.", "_-app._tcp.local.", "_app-._tcp.local.", "_app._tcp.example.com.",
            "_a b._tcp.local."})
    void aMalformedTypeIsReportedAndThePreviousOneStays(String type) {
        Parsed<MdnsSettings> parsed = MdnsSettings.read(Map.of(MdnsSettings.SERVICE_TYPE, type), PREVIOUS);

        assertThat(parsed.settings().serviceType()).isEqualTo("_previous._tcp.local.");
        assertThat(parsed.problems()).singleElement().asString()
                .startsWith("mdns.service.type=" + type + " is not a DNS-SD service type")
                .endsWith("keeping _previous._tcp.local.");
    }

    @Test
    void anInterfaceIsNamedByItsName() {
        Parsed<MdnsSettings> parsed = MdnsSettings.read(Map.of(MdnsSettings.INTERFACE, " eth0 "), MdnsSettings.DEFAULT);

        assertThat(parsed.settings().interfaceName()).contains("eth0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth 0", "eth0/1", "a-name-of-16-chr"})
    void aMalformedInterfaceNameIsReportedAndThePreviousOneStays(String name) {
        Parsed<MdnsSettings> parsed = MdnsSettings.read(Map.of(MdnsSettings.INTERFACE, name), PREVIOUS);

        assertThat(parsed.settings().interfaceName()).contains("eth1");
        assertThat(parsed.problems()).singleElement().asString().contains("mdns.interface=" + name);
    }

    @Test
    void environmentOverridesTheFileAndAPropertyOverridesBoth() {
        Overrides overrides = new Overrides(
                Map.of("FOUNDATION_MDNS_SERVICE_TYPE", "_env._tcp", "FOUNDATION_MDNS_INTERFACE", "eth5"),
                key -> key.equals("foundation.mdns.interface") ? "eth7" : null);
        Map<String, Object> file = Map.of(MdnsSettings.SERVICE_TYPE, "_file._tcp", MdnsSettings.INTERFACE, "eth3");

        MdnsSettings settings = MdnsSettings.read(overrides.apply(file, MdnsSettings.KEYS), MdnsSettings.DEFAULT)
                .settings();

        assertThat(settings).isEqualTo(new MdnsSettings("_env._tcp.local.", Optional.of("eth7")));
    }
}
