package ferry.router.cli;

import ferry.core.io.DicomParseException;
import ferry.core.io.DicomReader;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry bench-parse}: how fast this machine parses DICOM files, header only (what routing needs) or
 * whole, in one thread, over several rounds in one process. bench/parse.sh runs it beside dcmdump.
 */
@Command(name = "bench-parse", mixinStandardHelpOptions = true,
        description = {"Measure how fast Ferry parses DICOM files (a benchmark, see docs/performance.md).",
            "Reads every file under the given paths once per round, in one thread, and prints files/s and MB/s "
                + "per round and their median."})
public final class ParseBenchCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Files or directories (recursive).")
    List<Path> paths;

    @Option(names = "--header-only", description = "Stop before Pixel Data, as routing does.")
    boolean headerOnly;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds over all files (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        ReadOptions options = headerOnly ? ReadOptions.DEFAULT.stoppingBefore(Tag.PIXEL_DATA) : ReadOptions.IN_MEMORY;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bench-parse %s: %d files, %.1f MB, %d rounds%n", headerOnly ? "header-only" : "full",
                files.size(), bytes / 1e6, rounds);
        double[] filesPerSecond = new double[rounds];
        int failed = 0;
        long elements = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            failed = 0;
            elements = 0;
            for (Path file : files) {
                try {
                    elements += DicomReader.read(file, options).dataSet().size();
                } catch (DicomParseException e) {
                    failed++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            filesPerSecond[round] = files.size() / seconds;
            out.printf("round %d: %.0f files/s, %.0f MB/s%n", round + 1, filesPerSecond[round],
                    bytes / 1e6 / seconds);
        }
        double[] sorted = filesPerSecond.clone();
        Arrays.sort(sorted);
        double median = sorted[rounds / 2];
        out.printf("median: %.0f files/s, %.0f MB/s (%d top-level elements per round, %d files unreadable)%n",
                median, median * bytes / files.size() / 1e6, elements, failed);
        out.flush();
        return 0;
    }
}
