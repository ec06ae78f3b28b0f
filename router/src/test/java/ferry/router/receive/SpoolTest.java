package ferry.router.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ferry.core.data.DataSet;
import ferry.core.io.DicomReader;
import ferry.core.io.DicomWriter;
import ferry.core.io.ReadOptions;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.core.testing.Await;
import ferry.net.assoc.AssociationInfo;
import ferry.net.dimse.CStoreRq;
import ferry.net.dimse.Priority;
import ferry.router.journal.Durability;
import ferry.router.journal.Journal;
import ferry.router.journal.ReceivedRecord;
import ferry.router.testing.TestStudy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    static final AssociationInfo ASSOCIATION = new AssociationInfo("SCANNER", "FERRY",
            new InetSocketAddress("127.0.0.1", 4000), List.of(), 0, null, false);

    /** Spools a test made; each is closed after it, so that no names are made ahead while its folder is deleted. */
    private final List<Spool> opened = new ArrayList<>();

    private Spool opened(Spool spool) {
        opened.add(spool);
        return spool;
    }

    /** Journals the spools record in, one each; closed after the spools. */
    private final List<Journal> journals = new ArrayList<>();

    private Journal journal(Durability durability) throws IOException {
        Journal journal = Journal.open(dir.resolve("journal-" + journals.size() + ".db"), durability);
        journals.add(journal);
        return journal;
    }

    @AfterEach
    void closeSpools() throws IOException {
        for (Spool spool : opened) {
            spool.close();
        }
        for (Journal journal : journals) {
            journal.close();
        }
    }

    static byte[] encode(DataSet dataSet, TransferSyntax syntax) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomWriter.writeDataSet(bytes, dataSet, syntax);
        return bytes.toByteArray();
    }

    Spool.Spooled spool(DataSet dataSet, TransferSyntax syntax) throws IOException {
        CStoreRq request = new CStoreRq(1, dataSet.getString(Tags.SOPClassUID),
                dataSet.getString(Tags.SOPInstanceUID), Priority.MEDIUM);
        return opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS))).write(ASSOCIATION, syntax.uid(),
                request, new ByteArrayInputStream(encode(dataSet, syntax)));
    }

    @Test
    void aSpooledObjectIsAPart10FileWithTheDataSetAsReceived() throws IOException {
        DataSet object = TestStudy.of("P1", "2.25.1", 1).object(1, 1);

        Spool.Spooled spooled = spool(object, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);

        var file = DicomReader.read(spooled.file(), ReadOptions.IN_MEMORY);
        assertThat(file.dataSet()).isEqualTo(object);
        assertThat(file.fileMeta().getString(Tags.TransferSyntaxUID))
                .isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid());
        assertThat(file.fileMeta().getString(Tags.SourceApplicationEntityTitle)).isEqualTo("SCANNER");
        assertThat(spooled.size()).isEqualTo(Files.size(spooled.file()));
        assertThat(spooled.complete()).isTrue();
    }

    @Test
    void theHeaderOfAnObjectIsReadFromTheBytesKeptWhileSpooling() throws IOException {
        DataSet object = new TestStudy("P1", "2.25.2", 1, 1, 256 * 1024).object(1, 1);
        Spool.Spooled spooled = spool(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Files.delete(spooled.file()); // proves the header does not come from the file

        DataSet header = ReceivePipeline.header(spooled, Tags.SeriesInstanceUID + 1);

        assertThat(spooled.complete()).isFalse();
        assertThat(header.getString(Tags.SeriesInstanceUID)).isEqualTo("2.25.2.1");
        assertThat(header.getString(Tags.PatientID)).isEqualTo("P1");
        assertThat(header.contains(Tags.InstanceNumber)).isFalse();
    }

    @Test
    void aShortObjectAfterALongOneOnTheSameThreadIsReadAsItselfNotWithTheLongOnesBytes() throws IOException {
        DataSet long_ = new TestStudy("P-LONG", "2.25.6", 1, 1, 256 * 1024).object(1, 1);
        DataSet short_ = TestStudy.of("P-SHORT", "2.25.7", 1).object(1, 2);
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));
        assertThat(ReceivePipeline.header(spool(spool, long_), Tags.PixelData).getString(Tags.PatientID))
                .isEqualTo("P-LONG");

        Spool.Spooled spooled = spool(spool, short_);
        Files.delete(spooled.file()); // the header comes from the kept bytes alone

        assertThat(spooled.complete()).isTrue();
        assertThat(ReceivePipeline.header(spooled, Tags.PixelData)).isEqualTo(withoutPixelData(short_));
    }

    @Test
    void objectsSpooledOnTwoThreadsKeepTheirOwnHeads() throws Exception {
        DataSet first = TestStudy.of("P-FIRST", "2.25.8", 1).object(1, 1);
        DataSet second = TestStudy.of("P-SECOND", "2.25.9", 1).object(1, 1);
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));
        Spool.Spooled mine = spool(spool, first);
        Thread other = new Thread(() -> {
            try {
                spool(spool, second);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        other.start();
        other.join();

        assertThat(ReceivePipeline.header(mine, Tags.PixelData)).isEqualTo(withoutPixelData(first));
    }

    private static DataSet withoutPixelData(DataSet dataSet) throws IOException {
        return DicomReader.readDataSet(new ByteArrayInputStream(encode(dataSet,
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                ReadOptions.IN_MEMORY.stoppingBefore(Tags.PixelData));
    }

    @Test
    void aHeaderLongerThanTheKeptBytesIsReadFromTheFile() throws IOException {
        DataSet object = new TestStudy("P1", "2.25.3", 1, 1, 16).object(1, 1);
        object.setBytes(0x00091010, Vr.OB, new byte[100 * 1024]); // a private blob before the UIDs
        object.setString(0x00090010, Vr.LO, "BIG BLOB");
        Spool.Spooled spooled = spool(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        DataSet header = ReceivePipeline.header(spooled, Tags.SeriesInstanceUID + 1);

        assertThat(header.getString(Tags.SeriesInstanceUID)).isEqualTo("2.25.3.1");
        assertThat(header.getString(Tags.StudyInstanceUID)).isEqualTo("2.25.3");
    }

    @Test
    void aBrokenDataSetGivesALocatedError() throws IOException {
        DataSet object = TestStudy.of("P1", "2.25.4", 1).object(1, 1);
        byte[] truncated = java.util.Arrays.copyOf(encode(object, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), 40);
        CStoreRq request = new CStoreRq(1, TestStudy.MR, "2.25.4.1.1", Priority.MEDIUM);
        Spool.Spooled spooled = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)))
                .write(ASSOCIATION, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), request,
                        new ByteArrayInputStream(truncated));

        assertThatThrownBy(() -> ReceivePipeline.header(spooled, Tags.SeriesInstanceUID + 1))
                .isInstanceOf(ferry.core.io.DicomParseException.class).hasMessageContaining("offset");
    }

    @Test
    void aSenderThatFailsMidObjectLeavesNoSpoolFile() throws IOException {
        InputStream failing = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 1000) {
                    throw new IOException("peer aborted");
                }
                return 0;
            }
        };
        CStoreRq request = new CStoreRq(1, TestStudy.MR, "2.25.5", Priority.MEDIUM);
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));

        assertThatThrownBy(() -> spool.write(ASSOCIATION, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), request,
                failing)).hasMessageContaining("peer aborted");
        assertThat(objectNames(spool)).isEmpty();
    }

    Spool.Spooled spool(Spool spool, DataSet dataSet) throws IOException {
        CStoreRq request = new CStoreRq(1, dataSet.getString(Tags.SOPClassUID),
                dataSet.getString(Tags.SOPInstanceUID), Priority.MEDIUM);
        return spool.write(ASSOCIATION, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid(), request,
                new ByteArrayInputStream(encode(dataSet, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
    }

    static Object inode(Path file) throws IOException {
        return Files.getAttribute(file, "unix:ino");
    }

    /**
     * The names of the files in the spool's folder, less the empty ones it made ahead for the next objects (by size:
     * a batch being made is not yet among {@link Spool#isNameAhead}).
     */
    static List<String> objectNames(Spool spool) throws IOException {
        try (var files = Files.list(spool.folder())) {
            return files.filter(file -> file.toFile().length() > 0)
                    .map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    static List<String> names(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRecycledFileTakesTheNextObjectUnderANewNameAndHoldsOnlyIt() throws IOException {
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));
        DataSet large = new TestStudy("P1", "2.25.6", 1, 1, 200 * 1024).object(1, 1);
        DataSet small = new TestStudy("P2", "2.25.7", 1, 1, 1024).object(1, 1);
        Spool.Spooled first = spool(spool, large);
        Object inode = inode(first.file());

        spool.noLongerNeeded(first.file());
        assertThat(first.file()).doesNotExist();
        assertThat(objectNames(spool)).singleElement().asString().startsWith(Spool.RECYCLED_PREFIX);
        Spool.Spooled second = spool(spool, small);

        assertThat(second.file()).isNotEqualTo(first.file());
        assertThat(inode(second.file())).isEqualTo(inode); // before a name made ahead
        assertThat(objectNames(spool)).containsExactly(second.file().getFileName().toString());
        assertThat(Files.size(second.file())).isEqualTo(second.size()).isLessThan(first.size());
        assertThat(DicomReader.read(second.file(), ReadOptions.IN_MEMORY).dataSet()).isEqualTo(small);
        assertThat(spool.recycled()).isZero();
    }

    @Test
    void aSpoolFileWithAnotherNameIsNeverRecycledAndThatNameKeepsItsBytesWhileLaterObjectsArrive()
            throws IOException {
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));
        DataSet object = new TestStudy("P1", "2.25.12", 1, 1, 4096).object(1, 1);
        Spool.Spooled spooled = spool(spool, object);
        // as a store action or a folder destination places it
        Path stored = Files.createLink(Files.createDirectories(dir.resolve("store")).resolve("stored.dcm"),
                spooled.file());
        byte[] bytes = Files.readAllBytes(stored);

        spool.noLongerNeeded(spooled.file());
        assertThat(spool.recycled()).isZero();
        for (int i = 1; i <= 3; i++) {
            spool.noLongerNeeded(spool(spool, new TestStudy("P2", "2.25.13", 1, 3, 1024).object(1, i)).file());
        }

        assertThat(spooled.file()).doesNotExist();
        assertThat(Files.getAttribute(stored, "unix:nlink")).isEqualTo(1);
        assertThat(Files.readAllBytes(stored)).isEqualTo(bytes);
        assertThat(DicomReader.read(stored, ReadOptions.IN_MEMORY).dataSet()).isEqualTo(object);
        assertThat(spool.recycled()).as("the later objects' files, with no other name, are recycled").isOne();
    }

    @Test
    void atPowerAnObjectGoesIntoANameMadeAheadAndGetsTheCrc32cOfTheWholeFile() throws IOException {
        try (Spool spool = new Spool(dir.resolve("spool"), journal(Durability.POWER))) {
            objectGoesIntoANameMadeAhead(spool);
        }
    }

    private void objectGoesIntoANameMadeAhead(Spool spool) throws IOException {
        List<Path> ahead = files(spool.folder());
        assertThat(ahead).hasSize(Spool.NAMES_AHEAD).allSatisfy(name -> assertThat(name).isEmptyFile());
        DataSet object = new TestStudy("P1", "2.25.8", 1, 1, 200 * 1024).object(1, 1);

        Spool.Spooled spooled = spool(spool, object);

        assertThat(spooled.nameOnDisk()).isTrue();
        assertThat(ahead).contains(spooled.file());
        assertThat(spooled.checksum()).isEqualTo(crc32c(spooled.file()));
        assertThat(DicomReader.read(spooled.file(), ReadOptions.IN_MEMORY).dataSet()).isEqualTo(object);
        assertThat(spool.namesAhead()).isEqualTo(Spool.NAMES_AHEAD - 1);

        Spool.Spooled plain = spool(opened(new Spool(dir.resolve("plain"), journal(Durability.PROCESS))), object);
        assertThat(plain.checksum()).isEqualTo(ReceivedRecord.NO_CHECKSUM);
        assertThat(plain.nameOnDisk()).isFalse();
    }

    @Test
    void atProcessAnObjectGoesIntoANameMadeAheadWithoutAChecksum() throws IOException {
        try (Spool spool = new Spool(dir.resolve("spool"), journal(Durability.PROCESS))) {
            List<Path> ahead = files(spool.folder());
            assertThat(ahead).hasSize(Spool.NAMES_AHEAD).allSatisfy(name -> assertThat(name).isEmptyFile());
            DataSet object = new TestStudy("P1", "2.25.11", 1, 1, 200 * 1024).object(1, 1);

            Spool.Spooled spooled = spool(spool, object);

            assertThat(ahead).contains(spooled.file());
            assertThat(spooled.nameOnDisk()).isFalse(); // the folder was not fsync'd for it
            assertThat(spooled.checksum()).isEqualTo(ReceivedRecord.NO_CHECKSUM);
            assertThat(DicomReader.read(spooled.file(), ReadOptions.IN_MEMORY).dataSet()).isEqualTo(object);
            assertThat(spool.isNameAhead(spooled.file())).isFalse();
            assertThat(spool.namesAhead()).isEqualTo(Spool.NAMES_AHEAD - 1);
        }
    }

    @Test
    void atPowerNamesAreMadeAgainWhenHalfAreUsedAndAStopDeletesTheUnused() throws Exception {
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.POWER)));
        DataSet object = new TestStudy("P1", "2.25.9", 1, 1, 1024).object(1, 1);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i <= Spool.NAMES_AHEAD / 2; i++) {
            written.add(spool(spool, object).file());
        }
        int left = Spool.NAMES_AHEAD - written.size();
        Await.until("names made again", () -> spool.namesAhead() == left + Spool.NAMES_AHEAD);
        assertThat(files(spool.folder())).hasSize(written.size() + left + Spool.NAMES_AHEAD);

        spool.noLongerNeeded(written.remove(0)); // no recycling at power: deleted
        spool.close();

        assertThat(files(spool.folder())).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void atPowerANameRemovedByHandIsSkippedAndTheObjectGetsANameOfItsOwn() throws IOException {
        try (Spool spool = new Spool(dir.resolve("spool"), journal(Durability.POWER))) {
            for (Path name : files(spool.folder())) {
                Files.delete(name);
            }
            DataSet object = TestStudy.of("P1", "2.25.10", 1).object(1, 1);

            Spool.Spooled spooled = spool(spool, object);

            assertThat(spooled.nameOnDisk()).isFalse();
            assertThat(DicomReader.read(spooled.file(), ReadOptions.IN_MEMORY).dataSet()).isEqualTo(object);
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (var listing = Files.list(folder)) {
            return listing.sorted().toList();
        }
    }

    private static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }

    @Test
    void theSpoolKeepsABoundedNumberOfSmallRecycledFilesAndDeletesTheRest() throws IOException {
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < Spool.RECYCLED_FILES + 3; i++) {
            files.add(spool(spool, TestStudy.of("P1", "2.25.8", 1).object(1, i + 1)).file());
        }
        Path big = spool.folder().resolve("big.dcm");
        Files.write(big, new byte[(int) Spool.RECYCLED_SIZE_LIMIT + 1]);
        Path elsewhere = Files.write(dir.resolve("elsewhere.dcm"), new byte[16]);

        spool.noLongerNeeded(big);
        spool.noLongerNeeded(elsewhere);
        for (Path file : files) {
            spool.noLongerNeeded(file);
        }

        assertThat(big).doesNotExist();
        assertThat(elsewhere).doesNotExist();
        assertThat(spool.recycled()).isEqualTo(Spool.RECYCLED_FILES);
        assertThat(objectNames(spool)).hasSize(Spool.RECYCLED_FILES)
                .allMatch(name -> name.startsWith(Spool.RECYCLED_PREFIX));
    }

    @Test
    void closingTheSpoolDeletesItsRecycledFilesAndLaterOnesAreDeletedAtOnce() throws IOException {
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));
        Path one = spool(spool, TestStudy.of("P1", "2.25.9", 1).object(1, 1)).file();
        Path two = spool(spool, TestStudy.of("P1", "2.25.9", 1).object(1, 2)).file();
        Path kept = spool(spool, TestStudy.of("P1", "2.25.9", 1).object(1, 3)).file();
        spool.noLongerNeeded(one);

        spool.close();
        spool.noLongerNeeded(two);

        assertThat(names(spool.folder())).containsExactly(kept.getFileName().toString());
    }

    @Test
    void aRecycledFileRemovedByHandIsReplacedByANewFile() throws IOException {
        Spool spool = opened(new Spool(dir.resolve("spool"), journal(Durability.PROCESS)));
        spool.noLongerNeeded(spool(spool, TestStudy.of("P1", "2.25.10", 1).object(1, 1)).file());
        try (var files = Files.list(spool.folder())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        DataSet object = TestStudy.of("P1", "2.25.10", 1).object(1, 2);

        Spool.Spooled spooled = spool(spool, object);

        assertThat(DicomReader.read(spooled.file(), ReadOptions.IN_MEMORY).dataSet()).isEqualTo(object);
        assertThat(spool.recycled()).isZero();
    }
}
