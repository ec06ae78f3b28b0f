package ferry.router.make;

import ferry.core.io.DicomFile;
import ferry.core.text.Listing;
import ferry.core.text.ListingProblem;
import ferry.core.text.ListingReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ferry make TEXT}: an object from a text listing in ferry dump's or dcmtk's dcmdump format
 * ({@link ListingReader}), with its basics filled in and its transfer syntax chosen ({@link Made#of}).
 */
public final class TextObjects {
    private TextObjects() {
    }

    /**
     * Makes the object {@code listing} lists.
     *
     * @param listing the listing's bytes
     * @param name    what the messages call the listing: its file name, or {@code stdin}
     * @param folder  where {@code =FILE} values of the listing are read from: the listing's folder
     */
    public static Made make(byte[] listing, String name, Path folder, MakeOptions options) {
        if (DicomFile.looksLikeDicom(listing, Math.min(listing.length, DicomFile.SIGNATURE_LENGTH), listing.length)
                && !isText(listing)) {
            return Made.refused(name, List.of(name + ": this is a DICOM file, not a text listing: list it with "
                    + "ferry dump --width 0 first"), 1, 0);
        }
        Listing read = ListingReader.DEFAULT.lenient(options.lenient()).withFilesFrom(folder).read(listing);
        List<String> messages = new ArrayList<>();
        for (ListingProblem problem : read.problems()) {
            messages.add(name + ":" + problem.line() + ": " + (problem.error() ? "" : "warning: ") + problem.message());
        }
        if (read.hasErrors()) {
            return Made.refused(name, messages, read.errors().size(), read.brokenRules());
        }
        return Made.of(read.fileMeta(), read.dataSet(), options, name, messages);
    }

    /** Whether the first bytes are text: no NUL, as a DICOM file's first bytes nearly always have. */
    private static boolean isText(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, DicomFile.SIGNATURE_LENGTH); i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }
}
