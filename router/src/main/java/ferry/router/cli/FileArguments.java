package ferry.router.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** The files named on a command line ({@code ferry dump}, {@code ferry send}): files as given, folders searched. */
final class FileArguments {
    private FileArguments() {
    }

    /**
     * Adds {@code arg} to {@code paths} when picocli would read it as a path too: not empty, not an option
     * ({@code -…}) or an argument file ({@code @…}), and valid. False when not: the plain parsers of {@code dump} and
     * {@code send} then leave the arguments to picocli.
     */
    static boolean addPlainPath(String arg, List<Path> paths) {
        if (arg.isEmpty() || arg.startsWith("-") || arg.startsWith("@")) {
            return false;
        }
        try {
            return paths.add(Path.of(arg));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * Adds {@code path} to {@code files} when it is not a directory (whether it is readable is for the caller to
     * find out), else the regular files under it in sorted order. A link given on the command line is followed,
     * like {@code find -H}; under it, links to files count and links to directories are not followed (no loops,
     * no file twice). Returns false, with the reason given to {@code problems}, when a directory cannot be listed.
     */
    static boolean expand(Path path, List<Path> files, Consumer<String> problems) {
        if (!Files.isDirectory(path)) {
            files.add(path);
            return true;
        }
        // walkFileTree, not Files.walk(...).filter(Files::isRegularFile): one stat per entry and no stream
        // pipeline to set up, which is a visible share of a short command's start-up.
        List<Path> found = new ArrayList<>();
        try {
            Path start = Files.isSymbolicLink(path) ? path.toRealPath() : path;
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(file)) {
                        found.add(start == path ? file : path.resolve(start.relativize(file)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (IOException e) {
            problems.accept(path + ": cannot list the directory: " + e.getMessage());
            return false;
        }
        Collections.sort(found);
        files.addAll(found);
        return true;
    }
}
