package io.sparkgan.io;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model-file guard reads both lists of a zip's entries: the local headers and the central directory. */
class SafeModelBytesTest {

    /** A zip of {@code names} as ZipOutputStream writes it (each local header, then the central directory). */
    private static byte[] zip(String... names) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : names) {
                out.putNextEntry(new ZipEntry(name));
                out.write(("data of " + name).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    /** The offset of the last occurrence of {@code text} (a central-directory name follows its local header's). */
    private static int last(byte[] zip, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = zip.length - needle.length; i >= 0; i--) {
            if (java.util.Arrays.equals(zip, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError(text + " not in the zip");
    }

    private static void put(byte[] zip, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, zip, at, b.length);
    }

    @Nested
    class AModelZip {
        @Test
        void ofTheAllowedEntriesPasses() {
            assertThatCode(() -> SafeModelBytes.check(zip("configuration.json", "coefficients.bin", "updaterState.bin"),
                    "g.zip")).doesNotThrowAnyException();
        }

        @Test
        void withAJavaSerialisedEntryIsRefusedNamingIt() {
            assertThatThrownBy(() -> SafeModelBytes.check(zip("configuration.json", "preprocessor.bin"), "g.zip"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("model file g.zip holds the entry 'preprocessor.bin'")
                    .hasMessageContaining("Java deserialisation");
        }

        @Test
        void thatIsNoZipIsRefused() {
            assertThatThrownBy(() -> SafeModelBytes.check("not a zip".getBytes(StandardCharsets.UTF_8), "g.zip"))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a DL4J model zip");
        }
    }

    @Nested
    class AZipWhoseCentralDirectoryDiffersFromItsLocalHeaders {
        /**
         * The central directory names "preprocessor.bin" (as ZipFile and unzip list it) where the local header says
         * "coefficients.bin" (as a ZipInputStream reads it): the two names have the same length, so only the
         * central directory's bytes change.
         */
        @Test
        void isRefusedNamingTheEntryOnlyTheCentralDirectoryShows() throws IOException {
            byte[] zip = zip("configuration.json", "coefficients.bin");
            put(zip, last(zip, "coefficients.bin"), "preprocessor.bin");
            assertThatThrownBy(() -> SafeModelBytes.check(zip, "g.zip"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("'preprocessor.bin' (named in its central directory only)")
                    .hasMessageContaining("Java deserialisation");
        }

        /** The second local header's signature is broken: a ZipInputStream ends after the first entry. */
        @Test
        void isRefusedWhenAReaderOfTheLocalHeadersSeesFewerEntries() throws IOException {
            byte[] zip = zip("configuration.json", "coefficients.bin");
            int second = last(zip, "coefficients.bin") - 1;
            for (int i = second; i >= 0; i--) {   // the local header "PK\3\4" before the name's first copy
                if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 3 && zip[i + 3] == 4
                        && i + 30 < zip.length && new String(zip, i + 30, 16, StandardCharsets.US_ASCII)
                        .equals("coefficients.bin")) {
                    zip[i + 2] = 0;
                    break;
                }
            }
            assertThatThrownBy(() -> SafeModelBytes.check(zip, "g.zip"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("names the entries " + List.of("configuration.json")
                            + " in its local headers but " + List.of("configuration.json", "coefficients.bin")
                            + " in its central directory");
        }
    }
}
