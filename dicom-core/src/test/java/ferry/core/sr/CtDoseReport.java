package ferry.core.sr;

import static ferry.core.sr.SrXml.codeItem;
import static ferry.core.sr.SrXml.concept;
import static ferry.core.sr.SrXml.container;
import static ferry.core.sr.SrXml.datetime;
import static ferry.core.sr.SrXml.num;
import static ferry.core.sr.SrXml.text;
import static ferry.core.sr.SrXml.uidref;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CT Radiation Dose SR (PS3.16 TID 10011, X-Ray Radiation Dose SR Storage 1.2.840.10008.5.1.4.1.1.88.67) with
 * the given irradiation events (TID 10013 CT Irradiation Event Data) and their total (TID 10012 CT Accumulated
 * Dosimetry Data), written by dcmtk's xml2dsr. Codes are those of PS3.16 (DCM, SRT, UCUM).
 */
public record CtDoseReport(List<Event> events) {
    /** The SOP class of X-Ray Radiation Dose SR Storage. */
    public static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.67";

    /** One irradiation event: protocol, target region, CTDIvol (mGy), DLP (mGy.cm), kV, mA, scan length (mm). */
    public record Event(String protocol, String region, String regionCode, BigDecimal ctdiVol, BigDecimal dlp,
            BigDecimal kvp, BigDecimal tubeCurrent, BigDecimal scanningLength, String uid) {
    }

    /** Two events, a chest helix and an abdomen helix, with fixed numbers tests check against. */
    public static CtDoseReport twoEvents() {
        return new CtDoseReport(List.of(
                new Event("Chest routine", "Chest", "T-D3000", new BigDecimal("12.34"), new BigDecimal("456.7"),
                        new BigDecimal("120"), new BigDecimal("210"), new BigDecimal("350.5"),
                        "1.2.826.0.1.3680043.10.1338.18.10.1"),
                new Event("Abdomen portal venous", "Abdomen", "T-D4000", new BigDecimal("9.8"),
                        new BigDecimal("612.25"), new BigDecimal("100"), new BigDecimal("180"),
                        new BigDecimal("480"), "1.2.826.0.1.3680043.10.1338.18.10.2")));
    }

    /** The sum of the events' DLPs: the CT Dose Length Product Total. */
    public BigDecimal totalDlp() {
        return events.stream().map(Event::dlp).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The document in dcmtk's XML. */
    public String xml() {
        List<String> root = new ArrayList<>();
        root.add(codeItem("HAS CONCEPT MOD", concept("121058", "DCM", "Procedure reported"),
                "P5-08000", "SRT", "Computed Tomography X-Ray"));
        root.add(codeItem("HAS CONCEPT MOD", concept("G-C0E8", "SRT", "Has Intent"),
                "R-408C3", "SRT", "Diagnostic Intent"));
        root.add(codeItem("HAS OBS CONTEXT", concept("121005", "DCM", "Observer Type"), "121007", "DCM", "Device"));
        root.add(uidref("HAS OBS CONTEXT", concept("121012", "DCM", "Device Observer UID"),
                "1.2.826.0.1.3680043.10.1338.18.99"));
        root.add(text("HAS OBS CONTEXT", concept("121013", "DCM", "Device Observer Name"), "CT-18"));
        root.add(datetime("HAS OBS CONTEXT", concept("113809", "DCM", "Start of X-Ray Irradiation"),
                "2024-01-02T10:01:00"));
        root.add(datetime("HAS OBS CONTEXT", concept("113810", "DCM", "End of X-Ray Irradiation"),
                "2024-01-02T10:09:30"));
        root.add(codeItem("HAS OBS CONTEXT", concept("113705", "DCM", "Scope of Accumulation"),
                "113014", "DCM", "Study"));
        root.add(container("CONTAINS", concept("113811", "DCM", "CT Accumulated Dosimetry Data"),
                num("CONTAINS", concept("113812", "DCM", "Total Number of Irradiation Events"),
                        Integer.toString(events.size()), "{events}", "UCUM", "events"),
                num("CONTAINS", concept("113813", "DCM", "CT Dose Length Product Total"),
                        totalDlp().toPlainString(), "mGy.cm", "UCUM", "mGy.cm")));
        for (Event event : events) {
            root.add(container("CONTAINS", concept("113819", "DCM", "CT Acquisition"),
                    text("CONTAINS", concept("125203", "DCM", "Acquisition Protocol"), event.protocol()),
                    codeItem("CONTAINS", concept("123014", "DCM", "Target Region"),
                            event.regionCode(), "SRT", event.region()),
                    codeItem("CONTAINS", concept("113820", "DCM", "CT Acquisition Type"),
                            "P5-08001", "SRT", "Spiral Acquisition"),
                    uidref("CONTAINS", concept("113769", "DCM", "Irradiation Event UID"), event.uid()),
                    container("CONTAINS", concept("113822", "DCM", "CT Acquisition Parameters"),
                            num("CONTAINS", concept("113825", "DCM", "Scanning Length"),
                                    event.scanningLength().toPlainString(), "mm", "UCUM", "mm"),
                            container("CONTAINS", concept("113831", "DCM", "CT X-Ray Source Parameters"),
                                    text("CONTAINS", concept("113832", "DCM", "Identification of the X-Ray Source"),
                                            "A"),
                                    num("CONTAINS", concept("113733", "DCM", "KVP"),
                                            event.kvp().toPlainString(), "kV", "UCUM", "kV"),
                                    num("CONTAINS", concept("113734", "DCM", "X-Ray Tube Current"),
                                            event.tubeCurrent().toPlainString(), "mA", "UCUM", "mA"))),
                    container("CONTAINS", concept("113829", "DCM", "CT Dose"),
                            num("CONTAINS", concept("113830", "DCM", "Mean CTDIvol"),
                                    event.ctdiVol().toPlainString(), "mGy", "UCUM", "mGy"),
                            codeItem("CONTAINS", concept("113835", "DCM", "CTDIw Phantom Type"),
                                    "113691", "DCM", "IEC Body Dosimetry Phantom"),
                            num("CONTAINS", concept("113838", "DCM", "DLP"),
                                    event.dlp().toPlainString(), "mGy.cm", "UCUM", "mGy.cm"))));
        }
        root.add(codeItem("CONTAINS", concept("113854", "DCM", "Source of Dose Information"),
                "113856", "DCM", "Automated Data Collection"));
        return SrXml.document("X-Ray Radiation Dose SR", SOP_CLASS,
                container(null, concept("113701", "DCM", "X-Ray Radiation Dose Report"),
                        root.toArray(String[]::new)));
    }

    /** Writes the report with xml2dsr to {@code dir}/{@code name}.dcm; skips or fails the test without dcmtk. */
    public Path write(Path dir, String name) throws IOException {
        return SrXml.xml2dsr(xml(), dir, name);
    }
}
