package ferry.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.testing.Hex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each PDU leaves in one write call, flushed (docs/performance.md, "Receiving and sending"); the P-DATA hot path
 * writes the same bytes.
 */
class PduWriterTest {

    /** Records each write call and counts flushes. */
    static final class CallRecorder extends OutputStream {
        final List<byte[]> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(int b) {
            writes.add(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes.add(Arrays.copyOfRange(b, off, off + len));
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void everyPduIsWrittenWithOneWriteCallAndFlushed() throws IOException {
        CallRecorder out = new CallRecorder();
        PduWriter writer = new PduWriter(out);
        for (String golden : Golden.ALL) {
            writer.write(Golden.read(Hex.bytes(golden)));
        }
        assertThat(out.writes).hasSize(Golden.ALL.length);
        assertThat(out.flushes).isEqualTo(Golden.ALL.length);
        for (int i = 0; i < Golden.ALL.length; i++) {
            assertThat(out.writes.get(i)).isEqualTo(Hex.bytes(Golden.ALL[i]));
        }
    }

    @Test
    void writePDataWritesTheSameBytesAsAPDataTfInOneCall() throws IOException {
        CallRecorder out = new CallRecorder();
        PduWriter writer = new PduWriter(out);
        byte[] buffer = "..fragment..".getBytes(StandardCharsets.US_ASCII);

        writer.writePData(3, false, true, buffer, 2, 8);

        assertThat(out.writes).hasSize(1);
        assertThat(out.flushes).isEqualTo(1);
        assertThat(out.writes.get(0)).isEqualTo(Hex.bytes("""
                04 00 00 00 00 0E              // P-DATA-TF, PDU length 14
                00 00 00 0A 03 02 'fragment'   // PDV length 10, context 3, data + last
                """));
        assertThat(out.writes.get(0)).isEqualTo(PduWriter.encode(new PDataTf(List.of(
                new PresentationDataValue(3, false, true, Arrays.copyOfRange(buffer, 2, 10))))));
    }

    @Test
    void addedPDataPdusWaitAndLeaveTogetherInOneWriteOnFlush() throws IOException {
        CallRecorder out = new CallRecorder();
        PduWriter writer = new PduWriter(out);

        writer.addPData(1, true, true, new byte[] {1, 2}, 0, 2);
        writer.addPData(1, false, false, new byte[] {3, 4, 5, 6}, 0, 4);

        assertThat(out.writes).isEmpty();
        assertThat(writer.waiting()).isEqualTo(12 + 2 + 12 + 4);

        writer.flush();
        writer.flush(); // nothing waits any more: no empty write

        assertThat(out.writes).hasSize(1);
        assertThat(out.flushes).isEqualTo(1);
        assertThat(writer.waiting()).isZero();
        assertThat(out.writes.get(0)).isEqualTo(Hex.bytes("""
                04 00 00 00 00 08   00 00 00 04 01 03   01 02         // command, last fragment
                04 00 00 00 00 0A   00 00 00 06 01 00   03 04 05 06   // data set, more to come
                """));
    }

    @Test
    void aPduWrittenWhilePDataWaitsLeavesAfterIt() throws IOException {
        CallRecorder out = new CallRecorder();
        PduWriter writer = new PduWriter(out);

        writer.addPData(1, false, false, new byte[] {9, 9}, 0, 2);
        writer.write(new AAbort(AAbort.Source.SERVICE_USER, AAbort.REASON_NOT_SPECIFIED));

        assertThat(out.writes).hasSize(2);
        assertThat(out.writes.get(0)).isEqualTo(Hex.bytes("04 00 00 00 00 08   00 00 00 04 01 00   09 09"));
        assertThat(out.writes.get(1)).isEqualTo(Hex.bytes("07 00 00 00 00 04   00 00 00 00   // A-ABORT, user"));
    }

    @Test
    void writePDataReusesItsBufferWithoutLeavingOldBytesBehind() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduWriter writer = new PduWriter(out);
        byte[] large = new byte[5000];
        new Random(1).nextBytes(large);

        writer.writePData(1, false, false, large, 0, large.length);
        writer.writePData(1, true, true, new byte[] {7, 8}, 0, 2);
        writer.writePData(1, false, true, large, 100, 3000);

        PduReader reader = new PduReader(new ByteArrayInputStream(out.toByteArray()), 16384);
        assertThat(reader.read()).isEqualTo(new PDataTf(List.of(new PresentationDataValue(1, false, false, large))));
        assertThat(reader.read()).isEqualTo(new PDataTf(List.of(
                new PresentationDataValue(1, true, true, new byte[] {7, 8}))));
        assertThat(reader.read()).isEqualTo(new PDataTf(List.of(
                new PresentationDataValue(1, false, true, Arrays.copyOfRange(large, 100, 3100)))));
        assertThat(reader.read()).isNull();
    }

    @Test
    void aPduLargerThanTheReadersGrowthStepIsReadWhole() throws IOException {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(2).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PduWriter(out).writePData(5, false, true, data, 0, data.length);

        PDataTf read = (PDataTf) new PduReader(new ByteArrayInputStream(out.toByteArray()), 0).read();

        assertThat(read.values().get(0).data()).isEqualTo(data);
    }

    @Test
    void writePDataRefusesAnEvenContextOrARangeOutsideTheBuffer() {
        PduWriter writer = new PduWriter(OutputStream.nullOutputStream());
        assertThatThrownBy(() -> writer.writePData(2, false, true, new byte[4], 0, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("presentation context ID 2");
        assertThatThrownBy(() -> writer.writePData(1, false, true, new byte[4], 2, 4))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void valuesTooLongForTheirLengthFieldOrOutsideLatin1AreRefused() {
        String longUid = "1." + "2".repeat(70_000);
        AAssociateRq rq = Golden.ECHOSCU_RQ_RECORD;
        AAssociateRq tooLong = new AAssociateRq(1, "A", "B", longUid, rq.presentationContexts(),
                rq.userInformation());
        assertThatThrownBy(() -> PduWriter.encode(tooLong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the 65535 bytes its 16-bit length field can say");
        AAssociateRq notLatin1 = new AAssociateRq(1, "A", "B", "1.2.\u4e00", rq.presentationContexts(),
                rq.userInformation());
        assertThatThrownBy(() -> PduWriter.encode(notLatin1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+4E00");
    }

    @Test
    void aeTitlesArePaddedWithSpacesToSixteenBytes() {
        AAssociateRq rq = Golden.ECHOSCU_RQ_RECORD;
        byte[] bytes = PduWriter.encode(new AAssociateRq(1, "SIXTEEN_CHARS_AE", "", rq.applicationContext(),
                rq.presentationContexts(), rq.userInformation()));
        assertThat(Arrays.copyOfRange(bytes, 10, 42)).isEqualTo(Hex.bytes("'SIXTEEN_CHARS_AE' '                '"));
    }
}
