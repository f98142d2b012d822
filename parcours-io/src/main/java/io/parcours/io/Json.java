package io.parcours.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Locale;

/**
 * The JSON conventions of Parcours, shared by the API and the command line's {@code --json}:
 * ISO-8601 times, absent optionals left out, enums in lowercase with dashes.
 */
public final class Json {
    private Json() {}

    public static ObjectMapper mapper() {
        SimpleModule enums = new SimpleModule("parcours-enums");
        enums.addSerializer(new EnumAsId());
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .registerModule(enums)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Value.construct(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT,
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT));
    }

    /** The spelling of an enum constant in JSON: {@code WORD_OF_MOUTH} is {@code word-of-mouth}. */
    public static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class EnumAsId extends StdSerializer<Enum> {
        EnumAsId() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(id(value));
        }
    }
}
