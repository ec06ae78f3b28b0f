package ferry.router.replicate.orthanc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.core.data.DataSet;
import ferry.core.data.Element;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.ReplicationQuery;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link ReplicationQuery} as the {@code Query} of Orthanc's {@code POST /tools/find}: each key as its tag
 * ({@code "0008,103E"}: Orthanc's dictionary need not know Ferry's keywords), its values joined by backslashes as
 * Orthanc reads a C-FIND value (wild cards, date ranges, lists: PS3.4 C.2.2.2). A key without a value asks for any
 * value (universal matching, PS3.4 C.2.2.2.3), so it is left out.
 *
 * <p>Orthanc 1.10 matches keys at any level against the "main DICOM tags" its database keeps (Modality and
 * SeriesDescription at series level, SOPInstanceUID, InstanceNumber and ImageComments at instance level, ...). Any
 * other key (SOPClassUID, PatientWeight, private tags as {@code gggg,eeee}) it matches by reading the file of every
 * instance the main-tag keys leave in, again for each page asked (its default {@code "StorageAccessOnFind":
 * "Always"}): right, but slow over many instances; with {@code "Answers"} or {@code "Never"} it matches no instance
 * at all on such a key, silently (seen with 1.10.1), which no request can tell from a query that matches nothing. A wild card on a
 * key whose VR takes none (PS3.4 C.2.2.2.4; PatientWeight=7*) it refuses with HTTP 400, which the source reports
 * naming the key. It has no sequence matching: a key in a sequence is refused here, naming it.
 */
final class OrthancQuery {
    /** A tag as Orthanc's messages write it: {@code 0010,1030}. */
    private static final Pattern TAG = Pattern.compile("\\b(\\p{XDigit}{4}),(\\p{XDigit}{4})\\b");

    private OrthancQuery() {
    }

    /** The {@code Query} object of {@code query}'s keys. */
    static ObjectNode of(ReplicationQuery query, HttpPeer orthanc) throws EndpointException {
        ObjectNode keys = HttpPeer.JSON.createObjectNode();
        DataSet identifier = query.keys();
        for (Element element : identifier.elements()) {
            int tag = element.tag();
            if (tag == Tags.SpecificCharacterSet || tag == Tags.QueryRetrieveLevel) {
                continue;
            }
            if (element.vr() == Vr.SQ) {
                throw orthanc.unusable("cannot match on " + name(tag) + ": Orthanc's /tools/find has no sequence "
                        + "matching; ask for the attribute outside the sequence, if the data has it there");
            }
            String value = String.join("\\", identifier.getStrings(tag));
            if (!value.isEmpty()) {
                keys.put(key(tag), value);
            }
        }
        return keys;
    }

    /** {@code gggg,eeee}, as Orthanc writes a tag. */
    static String key(int tag) {
        return String.format(Locale.ROOT, "%04X,%04X", Tag.group(tag), Tag.element(tag));
    }

    /** {@code SeriesDescription (0008,103E)}, or the tag alone when it has no keyword. */
    static String name(int tag) {
        String keyword = StandardDictionary.keywordOf(tag);
        return keyword.isEmpty() ? Tag.toString(tag) : keyword + " " + Tag.toString(tag);
    }

    /** An Orthanc message with the keyword after each tag it names: "... on tag 0010,1030 (PatientWeight)". */
    static String withKeywords(String message) {
        StringBuilder named = new StringBuilder();
        Matcher tags = TAG.matcher(message);
        int end = 0;
        while (tags.find()) {
            int tag = Tag.of(Integer.parseInt(tags.group(1), 16), Integer.parseInt(tags.group(2), 16));
            String keyword = StandardDictionary.keywordOf(tag);
            named.append(message, end, tags.end()).append(keyword.isEmpty() ? "" : " (" + keyword + ")");
            end = tags.end();
        }
        return named.append(message.substring(end)).toString();
    }
}
