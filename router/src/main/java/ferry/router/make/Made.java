package ferry.router.make;

import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.UidRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one way of making an object made of its input: the object, or none when the input has errors, and what to
 * tell the user, in the order of the input. Each message starts with where in the input it is
 * ({@code step2.dump:17:}, {@code study.json: (0008,1115)[1].}), warnings then with {@code warning:}.
 *
 * @param object   the object to write; null when there are errors
 * @param messages the errors (every problem of the input), warnings (what is written otherwise than given, or worth
 *                 knowing) and notes (what was added, {@link MissingBasics}) to show
 * @param errors   how many of the messages are errors
 */
public record Made(MadeObject object, List<String> messages, int errors) {
    public Made {
        messages = List.copyOf(messages);
        if ((object == null) != (errors > 0)) {
            throw new IllegalArgumentException("an object exactly when there are no errors");
        }
    }

    /**
     * The object an input without errors makes: its basics filled in (unless {@code options} say not), the transfer
     * syntax chosen ({@link OutputSyntax}), the file meta checked against the data set. {@code where} starts the
     * messages about the input as a whole; {@code warnings} are those reading it gave.
     */
    static Made of(DataSet fileMeta, DataSet dataSet, MakeOptions options, String where, List<String> warnings) {
        List<String> messages = new ArrayList<>(warnings);
        if (options.fill()) {
            for (Element added : new MissingBasics(options.uids()).fill(dataSet, fileMeta)) {
                messages.add(where + ": added " + Tag.toString(added.tag()) + " "
                        + StandardDictionary.keywordOf(added.tag()) + " " + describe(dataSet, added.tag()));
            }
        }
        TransferSyntax syntax;
        try {
            syntax = OutputSyntax.choose(options.syntax(), fileMeta.getString(Tag.TRANSFER_SYNTAX_UID), dataSet);
        } catch (IllegalArgumentException e) {
            messages.add(where + ": " + e.getMessage());
            return new Made(null, messages, 1);
        }
        agree(fileMeta, Tags.MediaStorageSOPClassUID, dataSet, Tags.SOPClassUID, where, messages);
        agree(fileMeta, Tags.MediaStorageSOPInstanceUID, dataSet, Tags.SOPInstanceUID, where, messages);
        return new Made(new MadeObject(fileMeta, dataSet, syntax), messages, 0);
    }

    /** Nothing made: {@code messages} hold {@code errors} errors, of which {@code brokenRules} --lenient allows. */
    static Made refused(String where, List<String> messages, int errors, long brokenRules) {
        List<String> all = new ArrayList<>(messages);
        if (brokenRules > 0) {
            all.add(where + ": " + (brokenRules == errors ? (errors == 1 ? "this breaks a rule of the standard: "
                    + "--lenient writes it anyway, with a warning" : "these break rules of the standard: --lenient "
                    + "writes them anyway, with a warning each")
                    : brokenRules + " of these break rules of the standard, which --lenient lets through with a "
                    + "warning; the others are errors"));
        }
        return new Made(null, all, errors);
    }

    /** Warns when the file meta names another SOP class or instance than the data set, whose the file takes. */
    private static void agree(DataSet fileMeta, int metaTag, DataSet dataSet, int tag, String where,
                              List<String> warnings) {
        String meta = fileMeta.getString(metaTag);
        String own = dataSet.getString(tag);
        if (meta != null && own != null && !meta.equals(own)) {
            warnings.add(where + ": warning: " + StandardDictionary.keywordOf(metaTag) + " " + meta + " in the file "
                    + "meta is not the data set's " + StandardDictionary.keywordOf(tag) + " " + own + "; the file meta "
                    + "is written with the data set's");
        }
    }

    private static String describe(DataSet dataSet, int tag) {
        String value = Objects.requireNonNullElse(dataSet.getString(tag), "");
        String name = UidRegistry.nameOf(value);
        return name.equals(value) ? value : value + " (" + name + ")";
    }
}
