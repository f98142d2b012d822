package io.parcours.io.mapfile;

import io.parcours.model.ErrorCode;
import io.parcours.model.JourneyMap;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import io.parcours.model.ParcoursException;
import io.parcours.model.WorkspaceRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes journey maps as code: the YAML map file format of docs/map-format.md. JSON is
 * read the same way (JSON is YAML), which is how the API takes maps, with the same checks and
 * messages. Thread-safe: every call works on its own state.
 */
public final class MapFiles {
    /** Files larger than this are refused: no journey map comes close. */
    public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private MapFiles() {}

    /** Reads a map file; every problem is thrown at once, each with its line and column. */
    public static MapDocument read(Path file) {
        return read(file, WorkspaceRules.Known.NONE);
    }

    /** Reads a map file whose references may also point at {@code known} keys of the workspace it goes into. */
    public static MapDocument read(Path file, WorkspaceRules.Known known) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ParcoursException(ErrorCode.TOO_LARGE, file + " is " + size + " bytes; a map file may be at most "
                        + MAX_FILE_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(file.toString(), in, known);
            }
        } catch (NoSuchFileException e) {
            throw ParcoursException.notFound("no such file: " + file);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads UTF-8 bytes; {@code source} names them in messages (a file name, or "request body"). */
    public static MapDocument read(String source, InputStream bytes, WorkspaceRules.Known known) {
        Reader reader = new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        return new MapFileReader(source).read(reader, known);
    }

    /** Decodes strict UTF-8: malformed bytes are an invalid-input error naming {@code what}, never a replacement character. */
    public static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ParcoursException.invalid("", what + " is not valid UTF-8: send it as UTF-8");
        }
    }

    public static MapDocument read(String source, String text) {
        return read(source, text, WorkspaceRules.Known.NONE);
    }

    public static MapDocument read(String source, String text, WorkspaceRules.Known known) {
        return new MapFileReader(source).read(new StringReader(text), known);
    }

    /**
     * Reads one map object (as the API receives it: the fields of one entry under {@code maps:}).
     * The object may leave out its key when {@code pathKey} gives it; a different key is an error.
     */
    public static JourneyMap readMap(String source, String text, Optional<String> pathKey) {
        return new MapFileReader(source, pathKey).readElement(new StringReader(text), MapFileReader.Element.MAP);
    }

    /** Reads one stage object, without touchpoints (the API changes those through their own routes). */
    public static Stage readStage(String source, String text, Optional<String> pathKey) {
        return new MapFileReader(source, pathKey).readElement(new StringReader(text), MapFileReader.Element.STAGE);
    }

    /** Reads one touchpoint object in the flat form, which names its {@code stage}. */
    public static Touchpoint readTouchpoint(String source, String text, Optional<String> pathKey) {
        return new MapFileReader(source, pathKey).readElement(new StringReader(text), MapFileReader.Element.TOUCHPOINT);
    }

    public static Team readTeam(String source, String text, Optional<String> pathKey) {
        return new MapFileReader(source, pathKey).readElement(new StringReader(text), MapFileReader.Element.TEAM);
    }

    public static Persona readPersona(String source, String text, Optional<String> pathKey) {
        return new MapFileReader(source, pathKey).readElement(new StringReader(text), MapFileReader.Element.PERSONA);
    }

    public static Map<String, Object> tree(Team team) {
        return MapFileWriter.team(team);
    }

    public static Map<String, Object> tree(Persona persona) {
        return MapFileWriter.persona(persona);
    }

    /** A stage without its touchpoints. */
    public static Map<String, Object> tree(Stage stage) {
        return MapFileWriter.stage(stage, java.util.List.of());
    }

    /** A touchpoint in the flat form, with its stage. */
    public static Map<String, Object> tree(Touchpoint touchpoint) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(MapFileWriter.touchpoint(touchpoint));
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        fields.forEach((name, value) -> {
            ordered.put(name, value);
            if (name.equals("name")) {
                ordered.put("stage", touchpoint.stage());
            }
        });
        return ordered;
    }

    public static String write(MapDocument document) {
        return MapFileWriter.write(document);
    }

    public static void write(Path file, MapDocument document) {
        try {
            Files.writeString(file, write(document), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParcoursException(ErrorCode.STORAGE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The document as nested maps and lists in the format's field order, for writing as JSON. */
    public static Map<String, Object> tree(MapDocument document) {
        return MapFileWriter.tree(document);
    }

    /** One map as nested maps and lists, with its touchpoints under their stages. */
    public static Map<String, Object> tree(JourneyMap map) {
        return MapFileWriter.map(map);
    }
}
