package io.foundation.strategy.mdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.foundation.api.cluster.Member;
import io.foundation.settings.Overrides;

/**
 * The strategy without a network: these tests run in the build's own network namespace, so each one that advertises
 * must fail before JmDNS starts; {@code MdnsPeersIT} runs responders inside test namespaces.
 */
class MdnsStrategyTest {

    private static final Overrides NO_OVERRIDES = new Overrides(Map.of(), key -> null);

    @AfterEach
    void noResponderEverStarted() {
        assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
                .noneMatch(name -> name.startsWith("JmDNS") || name.startsWith("SocketListener")
                        || name.startsWith("foundation-mdns"));
    }

    private static Member node(String host) {
        return new Member("3f2a9c01-77aa-4c3e-9d1b-0123456789ab", "n1", new InetSocketAddress(host, 7800), Map.of(),
                0);
    }

    @Test
    void isNamedMdnsAndLeavesAutoToTheNode() {
        MdnsStrategy strategy = new MdnsStrategy(NO_OVERRIDES, Map.of());

        assertThat(strategy.name()).isEqualTo("mdns");
        assertThat(strategy.detect()).isEmpty();
        assertThat(strategy.configurationProblem()).isEmpty();
    }

    @Test
    void activationOpensNothingAndSeedsAreEmptyUntilTheNodeAdvertises() {
        MdnsStrategy strategy = new MdnsStrategy(NO_OVERRIDES, Map.of());

        assertThat(strategy.seeds("prod")).isEmpty();
        strategy.withdraw("prod", node("198.18.0.1"));
        strategy.deactivate();
    }

    @Test
    void aMalformedServiceTypeIsAConfigurationProblem() {
        MdnsStrategy strategy = new MdnsStrategy(NO_OVERRIDES, Map.of("mdns.service.type", "foundation"));

        assertThat(strategy.configurationProblem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("mdns.service.type=foundation is not a DNS-SD service type")
                .endsWith("keeping _foundation._tcp.local."));
    }

    @Test
    void aGoodConfigurationClearsTheProblemAndABadOneKeepsTheLastGoodValue() {
        MdnsStrategy strategy = new MdnsStrategy(NO_OVERRIDES, Map.of("mdns.service.type", "bad type"));

        strategy.modified(Map.of("mdns.service.type", "_shop._tcp"));
        assertThat(strategy.configurationProblem()).isEmpty();

        strategy.modified(Map.of("mdns.service.type", "_shop._sctp"));
        assertThat(strategy.configurationProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("mdns.service.type=_shop._sctp").endsWith("keeping _shop._tcp.local."));
    }

    @Test
    void theEnvironmentOverridesTheConfigurationFile() {
        Overrides environment = new Overrides(Map.of("FOUNDATION_MDNS_SERVICE_TYPE", "not-a-type"), key -> null);

        MdnsStrategy strategy = new MdnsStrategy(environment, Map.of("mdns.service.type", "_shop._tcp"));

        assertThat(strategy.configurationProblem()).hasValueSatisfying(p -> assertThat(p)
                .contains("mdns.service.type=not-a-type"));
    }

    @Test
    void anAddressOnNoInterfaceIsRefusedBeforeAnyResponderStarts() {
        MdnsStrategy strategy = new MdnsStrategy(NO_OVERRIDES, Map.of());

        assertThatThrownBy(() -> strategy.advertise("prod", node("0.0.0.0")))
                .isInstanceOf(SocketException.class)
                .hasMessage("the node's address 0.0.0.0 is on no interface of this host; name one with "
                        + "mdns.interface");
        assertThat(strategy.seeds("prod")).isEmpty();
    }

    @Test
    void anInterfaceThatDoesNotExistIsRefusedBeforeAnyResponderStarts() {
        MdnsStrategy strategy = new MdnsStrategy(NO_OVERRIDES, Map.of("mdns.interface", "fdnnone0"));

        assertThatThrownBy(() -> strategy.advertise("prod", node("198.18.0.1")))
                .isInstanceOf(SocketException.class)
                .hasMessage("mdns.interface=fdnnone0: this host has no such interface");
    }

    @Test
    void aStoppedStrategyNeverStartsAResponderAgain() {
        MdnsStrategy strategy = new MdnsStrategy(NO_OVERRIDES, Map.of());
        strategy.deactivate();

        assertThatThrownBy(() -> strategy.advertise("prod", node("198.18.0.1")))
                .isInstanceOf(IllegalStateException.class).hasMessage("the mdns strategy is stopped");
        assertThat(strategy.seeds("prod")).isEqualTo(List.of());
    }
}
