package ferry.router.cli;

import ferry.core.data.DataSet;
import ferry.core.io.DicomFile;
import ferry.core.io.DicomReader;
import ferry.core.io.NotDicomException;
import ferry.core.io.ReadOptions;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.UidRegistry;
import ferry.router.make.AttributeSetting;
import ferry.router.make.ImageException;
import ferry.router.make.ImageObject;
import ferry.router.make.ImageObjects;
import ferry.router.make.Seed;
import ferry.router.make.TemplateScope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code ferry make --image FILE [--series-from FILE | --study-from FILE]}: a Secondary Capture object from an
 * image (docs/make.md, "From images"). A picocli mixin of {@link MakeCommand}.
 */
public final class MakeImageOptions {
    @Option(names = "--image", paramLabel = "IMAGE",
            description = {"Make a Secondary Capture object of this image: a JPEG kept as it is, PNG, BMP, GIF, TIFF "
                + "or PNM (P1-P6) as uncompressed pixels. Written to -o FILE (default: IMAGE with .dcm)."})
    Path image;

    @Option(names = "--series-from", paramLabel = "FILE",
            description = "Take patient, study and series from this DICOM file (as img2dcm).")
    Path seriesFrom;

    @Option(names = "--study-from", paramLabel = "FILE",
            description = "Take patient and study from this DICOM file (as img2dcm); a new series.")
    Path studyFrom;

    /** Whether {@code --image} was given. */
    boolean requested() {
        return image != null;
    }

    /** A usage problem with these options, or null: a template without an image, or both templates. */
    String problem() {
        if (seriesFrom != null && studyFrom != null) {
            return "give --series-from or --study-from, not both";
        }
        if (image == null && (seriesFrom != null || studyFrom != null)) {
            return (seriesFrom != null ? "--series-from" : "--study-from") + " goes with --image";
        }
        return null;
    }

    /**
     * Makes the object and writes it to {@code output} (null: beside the image, with .dcm); returns the exit code:
     * 0 written, 1 the image or the template could not be read (nothing written).
     */
    int make(Path output, List<AttributeSetting> settings, PrintWriter out, PrintWriter err) {
        Path target = output != null ? output : defaultOutput(image);
        TemplateScope scope = seriesFrom != null ? TemplateScope.SERIES : studyFrom != null ? TemplateScope.STUDY
                : null;
        Path from = seriesFrom != null ? seriesFrom : studyFrom;
        DataSet template = null;
        if (from != null) {
            String option = scope == TemplateScope.SERIES ? "--series-from " : "--study-from ";
            try {
                if (!DicomFile.looksLikeDicom(from)) {
                    throw new NotDicomException("not a DICOM file");
                }
                template = DicomReader.read(from, ReadOptions.DEFAULT.stoppingBefore(Tag.PIXEL_DATA)).dataSet();
            } catch (IOException | RuntimeException e) {
                err.println("ferry make: " + option + from + ": " + DumpCommand.reason(e));
                err.flush();
                return 1;
            }
        }
        try {
            if (Files.exists(target) && Files.isSameFile(target, image)) {
                err.println("ferry make: " + target + " is the image itself; give another -o FILE");
                err.flush();
                return 1;
            }
            ImageObject made = ImageObjects.make(image, template, scope, settings, Seed.random());
            made.object().write(target);
            DataSet dataSet = made.object().dataSet();
            out.println("ferry make: " + image + " → " + target + " (Secondary Capture, "
                    + dataSet.getInt(Tags.Columns) + "x" + dataSet.getInt(Tags.Rows) + " "
                    + dataSet.getString(Tags.PhotometricInterpretation) + ", " + UidRegistry.nameOf(made.object().syntax().uid()) + ")");
            if (!made.note().isEmpty()) {
                err.println("ferry make: note: " + made.note());
            }
        } catch (ImageException e) {
            err.println("ferry make: " + image + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("ferry make: " + MakeCommand.fileProblem(e, image));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
        return 0;
    }

    /** {@code photo.jpg} → {@code photo.dcm}, in the image's folder. */
    static Path defaultOutput(Path image) {
        String name = image.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return image.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".dcm");
    }
}
