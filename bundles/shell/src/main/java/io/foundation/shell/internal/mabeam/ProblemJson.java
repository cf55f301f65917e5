package io.foundation.shell.internal.mabeam;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.foundation.api.mabeam.Fraction;
import io.foundation.api.mabeam.InvalidProblemException;
import io.foundation.api.mabeam.Problem;

/**
 * JSON for MABEAM problems and outcomes, as documented in {@code docs/mabeam-mechanisms.md}: records by component
 * name, enums by name, {@link Fraction}s as strings such as {@code "1/2"}. Unknown fields are refused. A problem that
 * cannot be read becomes an {@link InvalidProblemException} naming the JSON path of the offending field.
 */
final class ProblemJson {

    private final ObjectMapper mapper;

    ProblemJson() {
        SimpleModule fractions = new SimpleModule("fractions");
        fractions.addSerializer(Fraction.class, new JsonSerializer<>() {
            @Override
            public void serialize(Fraction value, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeString(value.toString());
            }
        });
        fractions.addDeserializer(Fraction.class, new JsonDeserializer<>() {
            @Override
            public Fraction deserialize(JsonParser json, DeserializationContext context) throws IOException {
                String text = json.getValueAsString();
                try {
                    return Fraction.valueOf(text);
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw InvalidFormatException.from(json, "not a fraction such as \"1/2\"", text, Fraction.class);
                }
            }
        });
        mapper = new ObjectMapper().registerModule(fractions).enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Reads {@code json} as a {@code type}: a missing or null number is 0, a missing object or list {@code null}. */
    <P extends Problem> P read(String json, Class<P> type) {
        try {
            P problem = mapper.readValue(json, type);
            if (problem == null) {
                throw new InvalidProblemException("problem", "missing");
            }
            return problem;
        } catch (JsonMappingException e) {
            throw new InvalidProblemException(path(e.getPath()), reason(e));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidProblemException("problem", "not valid JSON" + (at == null ? "" : " at line "
                    + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }

    /** Writes an outcome (or a problem) as indented JSON. */
    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName(), e);
        }
    }

    /** {@code bids[2].amount} from Jackson's reference path. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "problem" : path.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field \"" + unknown.getPropertyName() + "\"";
        }
        if (e instanceof InvalidFormatException format) {
            return "cannot read " + format.getValue() + " as " + name(format.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + name(mismatch.getTargetType());
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        return e.getOriginalMessage();
    }

    private static String name(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return type == String.class ? "a string" : "an object (" + type.getSimpleName() + ")";
    }
}
