package ferry.core.sr;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes SR documents in dcmtk's XML format (dsr2xml's output, xml2dsr's input) and turns them into DICOM files
 * with xml2dsr, so tests read SR files made by an independent SR implementation. Content items are XML strings
 * made with the methods below; values are escaped.
 */
final class SrXml {
    private SrXml() {
    }

    /** A code element: {@code tag} is {@code concept}, {@code unit}, or empty for a CODE item's own value. */
    static String code(String tag, String value, String scheme, String meaning) {
        String body = "<value>" + escape(value) + "</value><scheme><designator>" + escape(scheme)
                + "</designator></scheme><meaning>" + escape(meaning) + "</meaning>";
        return tag.isEmpty() ? body : "<" + tag + ">" + body + "</" + tag + ">";
    }

    /** A concept name code ({@code value, scheme, meaning}). */
    static String[] concept(String value, String scheme, String meaning) {
        return new String[] {value, scheme, meaning};
    }

    static String item(String kind, String relationship, String[] concept, String body) {
        return item(kind, "", relationship, concept, body);
    }

    static String item(String kind, String attributes, String relationship, String[] concept, String body) {
        return "<" + kind + attributes + ">"
                + (relationship == null ? "" : "<relationship>" + relationship + "</relationship>")
                + (concept == null ? "" : code("concept", concept[0], concept[1], concept[2]))
                + body + "</" + kind + ">\n";
    }

    static String container(String relationship, String[] concept, String... children) {
        return item("container", " flag=\"SEPARATE\"", relationship, concept, String.join("", children));
    }

    static String num(String relationship, String[] concept, String value, String unit, String unitScheme,
            String unitMeaning) {
        return item("num", relationship, concept, "<value>" + escape(value) + "</value>"
                + code("unit", unit, unitScheme, unitMeaning));
    }

    static String codeItem(String relationship, String[] concept, String value, String scheme, String meaning) {
        return item("code", relationship, concept, code("", value, scheme, meaning));
    }

    static String text(String relationship, String[] concept, String value) {
        return item("text", relationship, concept, "<value>" + escape(value) + "</value>");
    }

    static String uidref(String relationship, String[] concept, String uid) {
        return item("uidref", relationship, concept, "<value>" + escape(uid) + "</value>");
    }

    static String datetime(String relationship, String[] concept, String isoDateTime) {
        return item("datetime", relationship, concept, "<value>" + escape(isoDateTime) + "</value>");
    }

    /**
     * A whole document of {@code reportType} (dcmtk's name, e.g. "X-Ray Radiation Dose SR") with the given root
     * container, and study/series/instance UIDs under {@code 1.2.826.0.1.3680043.10.1338.18.}.
     */
    static String document(String reportType, String sopClassUid, String rootContainer) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<report type=\"" + reportType + "\">\n"
                + "<sopclass uid=\"" + sopClassUid + "\"/>\n"
                + "<charset>ISO_IR 192</charset>\n"
                + "<modality>SR</modality>\n"
                + "<device><manufacturer>Ferry Tests</manufacturer><model>CT-18</model><serial>18</serial>"
                + "<version>1</version></device>\n"
                + "<patient><id>SR-18</id><name><last>Dose</last><first>Report</first></name></patient>\n"
                + "<study uid=\"1.2.826.0.1.3680043.10.1338.18.1\"><date>2024-01-02</date>"
                + "<description>CT chest</description></study>\n"
                + "<series uid=\"1.2.826.0.1.3680043.10.1338.18.2\"><number>99</number></series>\n"
                + "<instance uid=\"1.2.826.0.1.3680043.10.1338.18.3\"><number>1</number></instance>\n"
                + "<document><completion flag=\"COMPLETE\"/><verification flag=\"UNVERIFIED\"/>\n"
                + "<content><date>2024-01-02</date><time>10:20:30</time>\n"
                + rootContainer
                + "</content></document></report>\n";
    }

    /** Converts {@code xml} to a DICOM file in {@code dir} with xml2dsr; the file's path. */
    static Path xml2dsr(String xml, Path dir, String name) throws IOException {
        Path xml2dsr = Peers.requireExecutable("xml2dsr", "apt-get install dcmtk");
        Path source = dir.resolve(name + ".xml");
        Path file = dir.resolve(name + ".dcm");
        Files.writeString(source, xml, StandardCharsets.UTF_8);
        ToolRun run = ToolRun.run(xml2dsr.toString(), source.toString(), file.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return file;
    }

    /** dsrdump's listing of the content tree: all codes, no document header, long values in full. */
    static String dsrdump(Path file) {
        Path dsrdump = Peers.requireExecutable("dsrdump", "apt-get install dcmtk");
        ToolRun run = ToolRun.run(dsrdump.toString(), "-Ph", "+Pc", "+Pl", "+U8", file.toString());
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.out(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
