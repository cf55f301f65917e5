package io.foundation.mabeam.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.selection.SelectionProtocol;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The DS descriptors bnd generated agree with what each protocol says about itself. */
class ComponentsTest {

    private static final Path DESCRIPTORS = Path.of("target/classes/OSGI-INF");

    record Descriptor(String implementation, Map<String, String> properties, Set<String> services) {
    }

    static List<Descriptor> descriptors() throws Exception {
        List<Descriptor> descriptors = new ArrayList<>();
        try (Stream<Path> files = Files.list(DESCRIPTORS)) {
            for (Path file : files.sorted().toList()) {
                Document xml;
                try (InputStream in = Files.newInputStream(file)) {
                    xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
                }
                Map<String, String> properties = new HashMap<>();
                NodeList nodes = xml.getElementsByTagName("property");
                for (int i = 0; i < nodes.getLength(); i++) {
                    Element property = (Element) nodes.item(i);
                    properties.put(property.getAttribute("name"), property.getAttribute("value"));
                }
                Set<String> services = new HashSet<>();
                NodeList provides = xml.getElementsByTagName("provide");
                for (int i = 0; i < provides.getLength(); i++) {
                    services.add(((Element) provides.item(i)).getAttribute("interface"));
                }
                String implementation = ((Element) xml.getElementsByTagName("implementation").item(0))
                        .getAttribute("class");
                descriptors.add(new Descriptor(implementation, properties, services));
            }
        } catch (IOException e) {
            throw new IllegalStateException("run the build up to process-classes first", e);
        }
        return descriptors;
    }

    @Test
    void everyProtocolIsAComponentWhosePropertiesMatchItsIdentity() throws Exception {
        List<Descriptor> descriptors = descriptors();
        assertThat(descriptors).hasSize(27);
        Set<String> names = new HashSet<>();
        for (Descriptor descriptor : descriptors) {
            CoordinationProtocol<?, ?> protocol = (CoordinationProtocol<?, ?>) Class
                    .forName(descriptor.implementation()).getConstructor().newInstance();
            assertThat(descriptor.properties()).as(descriptor.implementation()).containsEntry(
                    CoordinationProtocol.NAME, protocol.id().name())
                    .containsEntry(CoordinationProtocol.VERSION, protocol.id().version().toString())
                    .containsEntry(CoordinationProtocol.FAMILY, protocol.family());
            assertThat(descriptor.services()).contains(CoordinationProtocol.class.getName());
            if (protocol instanceof SelectionProtocol) {
                assertThat(descriptor.services()).contains(SelectionProtocol.class.getName());
            }
            assertThat(names.add(protocol.id().name())).as("unique name %s", protocol.id().name()).isTrue();
        }
        assertThat(names).contains("first-price", "vickrey", "english", "dutch", "uniform-price", "combinatorial",
                "vcg", "continuous-double-auction", "call-market", "tatonnement", "contract-net", "rubinstein",
                "zeuthen", "plurality", "weighted", "approval", "borda", "instant-runoff", "schulze",
                "nash-support-enumeration", "lemke-howson", "regret-matching", "hedge", "fictitious-play",
                "epsilon-greedy", "ucb1", "thompson-sampling");
    }
}
