package io.foundation.mabeam.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.foundation.api.mabeam.CoordinationProtocol;
import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.Outcome;
import io.foundation.api.mabeam.Problem;
import org.junit.jupiter.api.Test;

/**
 * Runs every worked example in {@code docs/mabeam-mechanisms.md} through its protocol, reading the problem the way
 * the shell does, and checks the documented outcome: every field shown must match (numbers with a fractional part
 * to within 10⁻⁶, as the document rounds them); fields the document leaves out are not checked.
 */
class ExamplesTest {

    private static final Path DOCUMENT = Path.of("../../docs/mabeam-mechanisms.md");
    private static final Pattern BLOCK = Pattern.compile("```json (problem|outcome)=([a-z0-9-]+)\\n(.*?)\\n```",
            Pattern.DOTALL);

    /** The shell's JSON conventions: records by component name, enums by name, fractions as "p/q" strings. */
    static ObjectMapper mapper() {
        SimpleModule fractions = new SimpleModule();
        fractions.addSerializer(Fraction.class, new JsonSerializer<>() {
            @Override
            public void serialize(Fraction value, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeString(value.toString());
            }
        });
        fractions.addDeserializer(Fraction.class, new JsonDeserializer<>() {
            @Override
            public Fraction deserialize(JsonParser json, DeserializationContext context) throws IOException {
                return Fraction.valueOf(json.getValueAsString());
            }
        });
        return new ObjectMapper().registerModule(fractions);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyDocumentedExampleProducesItsDocumentedOutcome() throws Exception {
        Map<String, String> problems = new HashMap<>();
        Map<String, String> outcomes = new HashMap<>();
        Matcher matcher = BLOCK.matcher(Files.readString(DOCUMENT));
        while (matcher.find()) {
            (matcher.group(1).equals("problem") ? problems : outcomes).put(matcher.group(2), matcher.group(3));
        }
        ObjectMapper mapper = mapper();
        int checked = 0;
        for (ComponentsTest.Descriptor descriptor : ComponentsTest.descriptors()) {
            CoordinationProtocol protocol = (CoordinationProtocol) Class.forName(descriptor.implementation())
                    .getConstructor().newInstance();
            String name = protocol.id().name();
            assertThat(problems).as("documented problem for %s", name).containsKey(name);
            assertThat(outcomes).as("documented outcome for %s", name).containsKey(name);
            Problem problem = (Problem) mapper.readValue(problems.get(name), protocol.problemType());
            Outcome outcome = protocol.run(problem);
            matches(name, mapper.readTree(outcomes.get(name)), mapper.readTree(mapper.writeValueAsString(outcome)));
            checked++;
        }
        assertThat(checked).isEqualTo(27);
    }

    private static void matches(String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(path).isTrue();
            for (Iterator<String> names = expected.fieldNames(); names.hasNext();) {
                String name = names.next();
                assertThat(actual.has(name)).as("%s.%s present", path, name).isTrue();
                matches(path + "." + name, expected.get(name), actual.get(name));
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("%s size", path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                matches(path + "[" + i + "]", expected.get(i), actual.get(i));
            }
        } else if (expected.isNumber() && (expected.isFloatingPointNumber() || actual.isFloatingPointNumber())) {
            double difference = Math.abs(expected.doubleValue() - actual.doubleValue());
            if (difference > 1e-6 + 1e-9 * Math.abs(expected.doubleValue())) {
                fail("%s: documented %s, computed %s", path, expected, actual);
            }
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
