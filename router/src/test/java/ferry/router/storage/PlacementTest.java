package ferry.router.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ferry.core.data.DataSet;
import ferry.core.io.DicomWriter;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.storage.Placement.Outcome;
import ferry.router.storage.Placement.Placed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlacementTest {
    @TempDir
    Path tmp;

    private final Placement placement = new Placement(DurabilityPolicy.PROCESS);

    private Path source(String name, String content) throws IOException {
        return Files.writeString(Files.createDirectories(tmp.resolve("spool")).resolve(name), content);
    }

    private Path folder() throws IOException {
        return Files.createDirectories(tmp.resolve("store"));
    }

    @Test
    void placesByHardLinkKeepingTheSource() throws IOException {
        Path source = source("a", "object");
        Placed placed = placement.place(source, folder(), Path.of("p", "s", "1.dcm"), CollisionPolicy.KEEP_BOTH, false);
        assertThat(placed).isEqualTo(new Placed(folder().resolve("p/s/1.dcm"), Outcome.PLACED));
        assertThat(source).exists();
        assertThat(Files.isSameFile(source, placed.path())).isTrue();
        assertThat(Files.readString(placed.path())).isEqualTo("object");
    }

    @Test
    void movingRemovesTheSourceName() throws IOException {
        Path source = source("a", "object");
        Placed placed = placement.place(source, folder(), Path.of("1.dcm"), CollisionPolicy.KEEP_BOTH, true);
        assertThat(source).doesNotExist();
        assertThat(placed.path()).hasContent("object");
    }

    @Test
    void keepBothAppendsLettersBeforeTheExtension() throws IOException {
        List<Path> placed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Placed p = placement.place(source("s" + i, "v" + i), folder(), Path.of("0001.dcm"),
                    CollisionPolicy.KEEP_BOTH, false);
            placed.add(p.path().getFileName());
            assertThat(p.outcome()).isEqualTo(i == 0 ? Outcome.PLACED : Outcome.KEPT_BOTH);
        }
        assertThat(placed).containsExactly(Path.of("0001.dcm"), Path.of("0001A.dcm"), Path.of("0001B.dcm"));
        assertThat(folder().resolve("0001B.dcm")).hasContent("v2");
    }

    @Test
    void keepBothWithoutExtensionAppendsAtTheEnd() throws IOException {
        placement.place(source("a", "1"), folder(), Path.of("1.2.840.5"), CollisionPolicy.KEEP_BOTH, false);
        Placed second = placement.place(source("b", "2"), folder(), Path.of("1.2.840.5"), CollisionPolicy.KEEP_BOTH,
                false);
        assertThat(second.path().getFileName()).isEqualTo(Path.of("1.2.840.5A"));
    }

    @Test
    void suffixLettersGoOnAfterZ() {
        assertThat(List.of(Placement.letters(1), Placement.letters(26), Placement.letters(27), Placement.letters(52),
                Placement.letters(703))).containsExactly("A", "Z", "AA", "AZ", "AAA");
    }

    @Test
    void skipIdenticalDropsTheSameBytesAndKeepsDifferentOnes() throws IOException {
        placement.place(source("a", "same"), folder(), Path.of("x.dcm"), CollisionPolicy.SKIP_IDENTICAL, false);
        Path again = source("b", "same");
        Placed skipped = placement.place(again, folder(), Path.of("x.dcm"), CollisionPolicy.SKIP_IDENTICAL, true);
        assertThat(skipped).isEqualTo(new Placed(folder().resolve("x.dcm"), Outcome.SKIPPED_IDENTICAL));
        assertThat(again).doesNotExist();
        Placed different = placement.place(source("c", "other"), folder(), Path.of("x.dcm"),
                CollisionPolicy.SKIP_IDENTICAL, false);
        assertThat(different).isEqualTo(new Placed(folder().resolve("xA.dcm"), Outcome.KEPT_BOTH));
        Placed identicalToTheCopy = placement.place(source("d", "other"), folder(), Path.of("x.dcm"),
                CollisionPolicy.SKIP_IDENTICAL, false);
        assertThat(identicalToTheCopy.outcome()).isEqualTo(Outcome.SKIPPED_IDENTICAL);
        assertThat(identicalToTheCopy.path()).isEqualTo(folder().resolve("xA.dcm"));
    }

    /** A Part 10 file of {@code dataSet} in {@code syntax}, as sent by {@code sourceAe}. */
    private Path dicomSource(String name, DataSet dataSet, TransferSyntax syntax, String sourceAe) throws IOException {
        DataSet meta = new DataSet();
        meta.setString(Tags.SourceApplicationEntityTitle, Vr.AE, sourceAe);
        Path file = Files.createDirectories(tmp.resolve("spool")).resolve(name);
        DicomWriter.writeFile(file, meta, dataSet, syntax);
        return file;
    }

    private static DataSet object(String description) {
        DataSet dataSet = new DataSet();
        dataSet.setString(Tags.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.4");
        dataSet.setString(Tags.SOPInstanceUID, Vr.UI, "2.25.77");
        dataSet.setString(Tags.StudyDescription, Vr.LO, description);
        dataSet.setBytes(Tag.PIXEL_DATA, Vr.OW, new byte[200_000]);
        return dataSet;
    }

    @Test
    void skipIdenticalDropsTheSameDataSetSentByAnotherNodeThoughTheFileMetaDiffers() throws IOException {
        TransferSyntax le = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        Path first = dicomSource("a", object("Brain"), le, "SCANNER");
        Path again = dicomSource("b", object("Brain"), le, "A_LONGER_PACS_AE");
        assertThat(Files.mismatch(first, again)).isNotEqualTo(-1L);
        placement.place(first, folder(), Path.of("x.dcm"), CollisionPolicy.SKIP_IDENTICAL, false);

        Placed skipped = placement.place(again, folder(), Path.of("x.dcm"), CollisionPolicy.SKIP_IDENTICAL, false);

        assertThat(skipped).isEqualTo(new Placed(folder().resolve("x.dcm"), Outcome.SKIPPED_IDENTICAL));
        try (Stream<Path> files = Files.list(folder())) {
            assertThat(files).containsExactly(folder().resolve("x.dcm"));
        }
        assertThat(Files.mismatch(first, folder().resolve("x.dcm"))).isEqualTo(-1L);
    }

    @Test
    void skipIdenticalKeepsAChangedDataSetOrAnotherTransferSyntaxBeside() throws IOException {
        placement.place(dicomSource("a", object("Brain"), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "SCANNER"),
                folder(), Path.of("x.dcm"), CollisionPolicy.SKIP_IDENTICAL, false);

        Placed changed = placement.place(dicomSource("b", object("Brain, fixed"),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, "PACS"), folder(), Path.of("x.dcm"),
                CollisionPolicy.SKIP_IDENTICAL, false);
        Placed otherSyntax = placement.place(dicomSource("c", object("Brain"),
                TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, "PACS"), folder(), Path.of("x.dcm"),
                CollisionPolicy.SKIP_IDENTICAL, false);

        assertThat(changed).isEqualTo(new Placed(folder().resolve("xA.dcm"), Outcome.KEPT_BOTH));
        assertThat(otherSyntax).isEqualTo(new Placed(folder().resolve("xB.dcm"), Outcome.KEPT_BOTH));
        assertThat(Files.mismatch(tmp.resolve("spool/b"), changed.path())).isEqualTo(-1L);
    }

    @Test
    void overwriteReplacesAtomically() throws IOException {
        placement.place(source("a", "old"), folder(), Path.of("x.dcm"), CollisionPolicy.OVERWRITE, false);
        Placed placed = placement.place(source("b", "new"), folder(), Path.of("x.dcm"), CollisionPolicy.OVERWRITE,
                false);
        assertThat(placed.outcome()).isEqualTo(Outcome.OVERWROTE);
        assertThat(placed.path()).hasContent("new");
        assertThat(tmp.resolve("spool/b")).exists();
        Placed moved = placement.place(source("c", "newer"), folder(), Path.of("x.dcm"), CollisionPolicy.OVERWRITE,
                true);
        assertThat(moved.path()).hasContent("newer");
        assertThat(tmp.resolve("spool/c")).doesNotExist();
        assertThat(hiddenFiles(folder())).isEmpty();
    }

    @Test
    void twoThreadsPlacingTheSameNameBothSurvive() throws Exception {
        int threads = 2;
        for (int round = 0; round < 50; round++) {
            Path folder = Files.createDirectories(tmp.resolve("race" + round));
            CyclicBarrier start = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Placed>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Path source = source("r" + round + "-" + t, "thread " + t);
                    results.add(pool.submit(() -> {
                        start.await();
                        return placement.place(source, folder, Path.of("series", "0001.dcm"),
                                CollisionPolicy.KEEP_BOTH, true);
                    }));
                }
                List<String> contents = new ArrayList<>();
                for (Future<Placed> result : results) {
                    contents.add(Files.readString(result.get().path()));
                }
                assertThat(contents).containsExactlyInAnyOrder("thread 0", "thread 1");
                try (Stream<Path> files = Files.list(folder.resolve("series"))) {
                    assertThat(files.map(p -> p.getFileName().toString()))
                            .containsExactlyInAnyOrder("0001.dcm", "0001A.dcm");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void acrossFileSystemsTheFileIsCopiedThenLinked() throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm here");
        Path other = Files.createTempDirectory(shm, "ferry-placement-");
        try {
            Assumptions.assumeFalse(Files.getFileStore(other).equals(Files.getFileStore(tmp)),
                    "/dev/shm is on the same file system as " + tmp);
            Path source = Files.writeString(other.resolve("spooled"), "far away");
            Placed placed = placement.place(source, folder(), Path.of("a", "1.dcm"), CollisionPolicy.KEEP_BOTH, true);
            assertThat(placed.outcome()).isEqualTo(Outcome.PLACED);
            assertThat(placed.path()).hasContent("far away");
            assertThat(source).doesNotExist();
            Path kept = Files.writeString(other.resolve("kept"), "far away 2");
            Placed second = placement.place(kept, folder(), Path.of("a", "1.dcm"), CollisionPolicy.KEEP_BOTH, false);
            assertThat(second.path().getFileName()).isEqualTo(Path.of("1A.dcm"));
            assertThat(kept).exists();
            Files.readAttributes(second.path(), BasicFileAttributes.class);
            assertThat(hiddenFiles(folder().resolve("a"))).isEmpty();
        } finally {
            try (Stream<Path> files = Files.walk(other)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void forcingToDiskPlacesTheSame() throws IOException {
        Placed placed = new Placement(DurabilityPolicy.POWER).place(source("a", "durable"), folder(), Path.of("n", "e", "w.dcm"),
                CollisionPolicy.KEEP_BOTH, false);
        assertThat(placed.path()).hasContent("durable");
        Placement.forceDirectory(folder());
    }

    @Test
    void aDirectoryDeletedUnderItIsCreatedAgain() throws IOException {
        placement.place(source("a", "1"), folder(), Path.of("d", "1.dcm"), CollisionPolicy.KEEP_BOTH, false);
        Files.delete(folder().resolve("d/1.dcm"));
        Files.delete(folder().resolve("d"));
        Placed placed = placement.place(source("b", "2"), folder(), Path.of("d", "2.dcm"), CollisionPolicy.KEEP_BOTH,
                false);
        assertThat(placed.path()).hasContent("2");
    }

    @Test
    void placementsRacingIntoADirectoryDeletedUnderThemAllSucceed() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 50; round++) {
                Path folder = folder();
                placement.place(source("seed", "0"), folder, Path.of("p", "s", "seed.dcm"), CollisionPolicy.OVERWRITE,
                        false);
                try (Stream<Path> tree = Files.walk(folder.resolve("p"))) {
                    for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path); // an administrator removes the study folder Ferry is storing into
                    }
                }
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<Placed>> placed = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Path source = source(round + "-" + i, "object " + i);
                    String name = i + ".dcm";
                    placed.add(threads.submit(() -> {
                        start.await();
                        return placement.place(source, folder, Path.of("p", "s", name), CollisionPolicy.KEEP_BOTH,
                                true);
                    }));
                }
                for (int i = 0; i < 4; i++) {
                    assertThat(placed.get(i).get().path()).as("round %d, object %d", round, i)
                            .hasContent("object " + i);
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void pathsThatClimbOutAreRefused() throws IOException {
        Path source = source("a", "x");
        for (String bad : List.of("../x.dcm", "a/../../x.dcm", "..", "/etc/x.dcm", "")) {
            assertThatThrownBy(() -> placement.place(source, folder(), Path.of(bad), CollisionPolicy.OVERWRITE, false))
                    .as(bad).isInstanceOf(IOException.class).hasMessageContaining("refusing");
        }
        assertThat(tmp.resolve("x.dcm")).doesNotExist();
    }

    @Test
    void symbolicLinkLeadingOutOfTheFolderIsNotFollowed() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(folder().resolve("evil"), outside);
        assertThatThrownBy(() -> placement.place(source("a", "x"), folder(), Path.of("evil", "x.dcm"),
                CollisionPolicy.KEEP_BOTH, false)).isInstanceOf(IOException.class).hasMessageContaining("symbolic");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aSymbolicLinkInsideTheFolderNeverLeadsADirectoryToBeMadeOutsideIt() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path link = Files.createSymbolicLink(Files.createDirectories(folder().resolve("patient")).resolve("study"),
                outside);
        Path source = source("a", "x");

        Throwable refused = catchThrowable(() -> placement.place(source, folder(),
                Path.of("patient", "study", "series", "x.dcm"), CollisionPolicy.KEEP_BOTH, true));

        try (Stream<Path> made = Files.list(outside)) {
            assertThat(made).as("directories made where the link leads").isEmpty();
        }
        assertThat(refused).isInstanceOf(IOException.class)
                .hasMessageContaining("the symbolic link " + link + " leads out of");
        assertThat(source).as("the object is kept").hasContent("x");
    }

    @Test
    void aFileWhereADirectoryMustGoIsReportedAsInTheWay() throws IOException {
        Path inTheWay = Files.writeString(Files.createDirectories(folder()).resolve("patient"), "not a folder");

        assertThatThrownBy(() -> placement.place(source("a", "x"), folder(), Path.of("patient", "x.dcm"),
                CollisionPolicy.KEEP_BOTH, false)).isInstanceOf(IOException.class)
                .hasMessageContaining(inTheWay.toString()).hasMessageContaining("a file is in the way");
    }

    private static List<Path> hiddenFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
