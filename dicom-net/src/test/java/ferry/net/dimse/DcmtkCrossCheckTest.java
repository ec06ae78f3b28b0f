package ferry.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Peers;
import ferry.net.dimse.DimseCodecTest.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our command sets read by dcmtk: {@code dcmdump} must list the elements with the dictionary's VRs and our values,
 * and {@code dump2dcm}, writing that listing back in Implicit VR Little Endian with its own padding and group
 * length, must produce our bytes exactly. Skips without dcmtk unless {@code -Dpeers.required=true}.
 */
class DcmtkCrossCheckTest {
    @TempDir
    Path dir;

    @Test
    void dcmdumpListsOurElementsAndDump2dcmRebuildsOurExactBytes() throws Exception {
        Path dcmdump = Peers.requireExecutable("dcmdump", "apt-get install dcmtk");
        Path dump2dcm = Peers.requireExecutable("dump2dcm", "apt-get install dcmtk");
        List<Golden> messages = new ArrayList<>(DimseCodecTest.ALL);
        messages.add(new Golden("long comment, two offending elements", new CStoreRsp(65535, "1.2.3", null,
                Status.CANNOT_UNDERSTAND.withComment("y".repeat(80)).withOffendingElements(0x00100020, 0x00080018)),
                ""));
        messages.add(new Golden("odd AE", new CStoreRq(1, "1.2", "1.2.3", Priority.LOW, "AE1", 65535), ""));

        for (Golden message : messages) {
            byte[] ours = DimseCodec.encode(message.command());
            Path bin = dir.resolve("ours.bin");
            Files.write(bin, ours);

            String listing = run(dcmdump.toString(), "-f", "-ti", "-Un", "+L", bin.toString());
            assertThat(listing).as(message.name())
                    .contains("(0000,0000) UL " + (ours.length - 12) + " ")
                    .contains("(0000,0100) US " + message.command().commandField() + " ")
                    .doesNotContain("W: ", "E: ");
            if (message.command() instanceof DimseRsp rsp) {
                assertThat(listing).as(message.name()).contains("(0000,0900) US " + rsp.status().code() + " ");
            }

            Path dump = dir.resolve("listing.dump");
            Files.writeString(dump, listing, StandardCharsets.ISO_8859_1);
            Path rebuilt = dir.resolve("dcmtk.bin");
            run(dump2dcm.toString(), "-F", "+ti", dump.toString(), rebuilt.toString());
            assertThat(Files.readAllBytes(rebuilt)).as(message.name() + "\n" + listing).isEqualTo(ours);
            assertThat(DimseCodec.decode(Files.readAllBytes(rebuilt))).isEqualTo(DimseCodec.decode(ours));
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.ISO_8859_1);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
        return text;
    }
}
