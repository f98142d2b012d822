package io.parcours.io.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What decides whether DuckDB may read a CSV file for a bulk import (its shape), and the table of
 * a zone's offsets the import turns local times into instants with. That both paths store the same
 * events is checked end to end in the command line's BulkCsvImportTest.
 */
class CsvStagingTest {
    @TempDir
    Path folder;

    private static CsvShape shape(String text) throws Exception {
        return CsvShape.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ',');
    }

    @Test
    void plainFilesAreCountedAndIrregularOnesSayWhereAndWhy() throws Exception {
        assertThat(shape("a,b,c\n1,2,3\n\"x, \"\"y\"\"\",,z\n")).isEqualTo(new CsvShape(2, 3, null));
        assertThat(shape("a,b\r\n1,2\r\n3,4")).isEqualTo(new CsvShape(2, 2, null));
        assertThat(shape("a,b\n1,2\n\n3,4\n").irregularity()).isEqualTo("line 3 is blank");
        assertThat(shape("a,b\n1,\"two\nlines\"\n").irregularity()).isEqualTo("line 2 has a line break inside a quoted field");
        assertThat(shape("a,b\n1,2\n1,2,3\n").irregularity()).isEqualTo("line 3 has 3 fields where the header has 2");
        assertThat(shape("a,b\n1,2\n1\n").irregularity()).isEqualTo("line 3 has 1 fields where the header has 2");
        assertThat(shape("a,b\n1,x\"y\n").irregularity()).isEqualTo("line 2 has a quote inside a field that does not start with one");
        assertThat(shape("a,b\n1,\"x\"y\n").irregularity()).isEqualTo("line 2 has text after the closing quote of a field");
        assertThat(shape("a,b\n1,2\r3,4\n").irregularity()).isEqualTo("line 2 ends with a lone carriage return");
        assertThat(shape("a,b\n1,\"2").irregularity()).isEqualTo("a quote opened on line 2 is never closed");
        assertThat(shape("").irregularity()).isEqualTo("the file is empty");
        assertThat(CsvShape.scan(new ByteArrayInputStream(new byte[0]), 'é').irregularity()).contains("not a plain ASCII");
    }

    /** The bulk import trims only the columns where a value starts or ends with a space or a control character. */
    @Test
    void theScanTellsWhichColumnsHoldAValueToTrim() throws Exception {
        assertThat(shape(" a ,b\t,c\n1,2,3\r\n\"x\"\"\",\"\",\"\"\n").padded()).as("header, CRLF, quotes").isEqualTo(new java.util.BitSet());
        assertThat(shape("a,b,c\n1, 2,3\n4,5,6 \n").padded()).isEqualTo(java.util.BitSet.valueOf(new long[] {0b110}));
        assertThat(shape("a,b,c\n\" x\",2,\"3\t\"\n").padded()).isEqualTo(java.util.BitSet.valueOf(new long[] {0b101}));
        assertThat(shape("a,b\n1,\u0001x\n1,x\n").padded(1)).isTrue();
        assertThat(shape("a,b\n1,   \n").padded(1)).as("only spaces").isTrue();
        assertThat(shape("a,b\né,ü\n").padded()).as("bytes of other characters").isEqualTo(new java.util.BitSet());
    }

    /**
     * The scan's test of a time's form says what the query's regular expressions say (the same
     * patterns, in Java's engine, whose digit class is also ASCII only), for mutations of valid
     * times: a character changed, dropped or added, anywhere.
     */
    @Test
    void theFormOfATimeIsWhatTheQuerysExpressionsSay() {
        String common = "[1-9]\\d{3}-\\d\\d-\\d\\d[T ]([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,3})?";
        java.util.regex.Pattern zoned = java.util.regex.Pattern.compile(common + "Z");
        java.util.regex.Pattern local = java.util.regex.Pattern.compile(common);
        java.util.regex.Pattern offset = java.util.regex.Pattern.compile(common + "[+-](0\\d|1[0-7])(:?[0-5]\\d)?");
        String[] valid = {"2026-01-01T00:00:00Z", "1999-12-31 23:59:59.999", "2026-06-30T12:30:00.5+02:00", "9999-09-09T09:09:09.09-1759",
            "1000-01-01 19:00:00+17"};
        String alphabet = "0123456789-: T.Z+zt\u00e9\u0660";
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261124);
        int[] seen = new int[16];
        for (int i = 0; i < 300_000; i++) {
            StringBuilder text = new StringBuilder(valid[random.nextInt(valid.length)]);
            for (int change = random.nextInt(3); change > 0; change--) {
                int at = random.nextInt(text.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> { if (at < text.length()) { text.deleteCharAt(at); } }
                    default -> { if (at < text.length()) { text.setCharAt(at, c); } }
                }
            }
            String time = text.toString();
            int expected = zoned.matcher(time).matches() ? CsvShape.ZONED : local.matcher(time).matches() ? CsvShape.LOCAL
                    : offset.matcher(time).matches() ? CsvShape.OFFSET : CsvShape.OTHER;
            byte[] bytes = time.getBytes(StandardCharsets.UTF_8);
            assertThat(CsvShape.timeForm(bytes, bytes.length)).as(time).isEqualTo(expected);
            seen[expected]++;
        }
        assertThat(seen[CsvShape.ZONED]).isGreaterThan(10_000);
        assertThat(seen[CsvShape.LOCAL]).isGreaterThan(10_000);
        assertThat(seen[CsvShape.OFFSET]).isGreaterThan(10_000);
        assertThat(seen[CsvShape.OTHER]).isGreaterThan(10_000);
    }

    /** The scan tells the forms of the time column's values after the header, quoted or not, and of no other column. */
    @Test
    void theScanTellsTheFormsOfTheTimes() throws Exception {
        String header = "case,time,other\n";
        assertThat(times(header + "c,2026-01-01T00:00:00Z,x\nc,\"2026-01-01 00:00:00.123+01:00\",2026-01-01\n"))
                .isEqualTo(CsvShape.ZONED | CsvShape.OFFSET);
        assertThat(times(header + "c,2026-01-01 10:00:00,x\r\nc,2026-01-01T10:00:00.1,y")).isEqualTo(CsvShape.LOCAL);
        assertThat(times(header + "c,2026-01-01 10:00:00,x\nc,,y\n")).as("an empty time").isEqualTo(CsvShape.LOCAL | CsvShape.OTHER);
        assertThat(times(header + "c, 2026-01-01 10:00:00,x\n")).as("a padded time").isEqualTo(CsvShape.OTHER);
        assertThat(times(header + "c,\"2026-01-01 10:00:00\"\"\",x\n")).as("a doubled quote").isEqualTo(CsvShape.OTHER);
        assertThat(times(header + "c,2026-01-01 10:00:00.000000000000000000000000Z,x\n")).as("too long").isEqualTo(CsvShape.OTHER);
        assertThat(times(header)).as("no rows").isZero();
        assertThat(shape(header + "c,2026-01-01 10:00:00,x\n").timeForms()).as("no time column named").isZero();
    }

    private static int times(String text) throws Exception {
        return CsvShape.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ',', 1).timeForms();
    }

    @Test
    void onlyPlainFilesInUtf8OrLatin1WithDistinctPropertyNamesAreReadByTheDatabase() throws Exception {
        Path plain = Files.writeString(folder.resolve("plain.csv"), "case:concept:name,concept:name,time:timestamp,x\nc1,a,2026-01-01 10:00:00,1\n");
        assertThat(CsvStaging.of(plain, CsvMapping.detect()).unsuitable()).isEmpty();
        assertThat(CsvStaging.of(plain, CsvMapping.detect()).rows()).isEqualTo(1);
        Path blank = Files.writeString(folder.resolve("blank.csv"), "case:concept:name,concept:name,time:timestamp\n\nc1,a,2026-01-01 10:00:00\n");
        assertThat(CsvStaging.of(blank, CsvMapping.detect()).unsuitable()).contains("line 2 is blank");
        Path twice = Files.writeString(folder.resolve("twice.csv"), "case:concept:name,concept:name,time:timestamp,x,x\nc1,a,2026-01-01 10:00:00,1,2\n");
        assertThat(CsvStaging.of(twice, CsvMapping.detect()).unsuitable()).contains("two property columns are named 'x'");
        CsvMapping latin1 = new CsvMapping("", "", "", Optional.empty(), List.of(), ',', StandardCharsets.ISO_8859_1, ZoneOffset.UTC);
        assertThat(CsvStaging.of(plain, latin1).unsuitable()).isEmpty();
        CsvMapping utf16 = new CsvMapping("", "", "", Optional.empty(), List.of(), ',', StandardCharsets.UTF_16, ZoneOffset.UTC);
        Path wide = Files.writeString(folder.resolve("wide.csv"), "case:concept:name,concept:name,time:timestamp\n", StandardCharsets.UTF_16);
        assertThat(CsvStaging.of(wide, utf16).unsuitable().orElseThrow()).contains("it is in UTF-16, which the database does not read");
    }

    /**
     * Around every transition from 1970 to 2100 (every quarter hour of the six hours about it), and
     * at noon every week, in zones with summer time (one of 30 minutes) and without: the instant
     * the table gives a local time is the one LocalDateTime.atZone gives it.
     */
    @Test
    void theOffsetTableGivesEveryLocalTimeTheInstantJavaGivesIt() {
        for (String id : List.of("Europe/Paris", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kolkata")) {
            ZoneId zone = ZoneId.of(id);
            List<long[]> offsets = CsvStaging.offsets(zone);
            List<LocalDateTime> checked = new java.util.ArrayList<>();
            for (LocalDateTime noon = LocalDateTime.of(1970, 1, 1, 12, 0); noon.getYear() < 2100; noon = noon.plusWeeks(1)) {
                checked.add(noon);
            }
            var transition = zone.getRules().nextTransition(java.time.Instant.parse("1970-01-02T00:00:00Z"));
            while (transition != null && transition.getDateTimeBefore().getYear() < 2100) {
                for (int quarter = -12; quarter <= 12; quarter++) {
                    checked.add(transition.getDateTimeBefore().plusMinutes(15L * quarter));
                }
                transition = zone.getRules().nextTransition(transition.getInstant());
            }
            for (LocalDateTime local : checked) {
                long localMs = local.toInstant(ZoneOffset.UTC).toEpochMilli();
                long offset = 0;
                for (long[] row : offsets) {
                    if (row[0] <= localMs) {
                        offset = row[1];
                    }
                }
                assertThat(localMs - offset).as("%s in %s", local, id)
                        .isEqualTo(local.atZone(zone).toInstant().toEpochMilli());
            }
        }
    }
}
