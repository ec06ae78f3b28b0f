package ferry.router.make;

import static ferry.router.make.Attributes.doubles;
import static ferry.router.make.Attributes.imagePixel;
import static ferry.router.make.Attributes.text;

import ferry.core.data.DataSet;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.core.tag.Vr;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalTime;
import java.util.Locale;

/**
 * The image modules of synthetic MR, CT, CR and US objects (PS3.3 A.4 MR Image, A.3 CT Image, A.2 CR Image, A.7
 * US Multi-frame Image IODs): General Image, Image Pixel (everything but the pixels), VOI LUT and each modality's
 * own module; Frame of Reference and Image Plane for the cross-sectional MR and CT, Cine and Multi-frame for US.
 */
final class ImageHeaders {
    /** The private creator of the 2 KiB private element MR objects carry, as a vendor's private header would. */
    static final String PRIVATE_CREATOR = "FERRY SYNTHETIC";
    /** The size of that private element: bench/ objects weigh what real MR slices do. */
    static final int PRIVATE_BYTES = 2048;

    private ImageHeaders() {
    }

    /** Adds the image modules of {@code series}' modality to {@code header}, for the object at {@code position}. */
    static void describe(DataSet header, SyntheticStudies.Series series, Position position, StudyPlan plan) {
        PixelFormat format = series.format();
        LocalTime content = series.time().plusSeconds(position.instance());
        text(header, Tags.ContentDate, SyntheticStudies.DA.format(series.study().date()));
        text(header, Tags.ContentTime, SyntheticStudies.TM.format(content));
        text(header, Tags.AcquisitionNumber, "1");
        imagePixel(header, format.rows(), format.columns(), format.samplesPerPixel(), format.photometric(),
                format.bitsAllocated(), format.bitsStored());
        switch (series.modality()) {
            case MR -> mr(header, series, position, plan);
            case CT -> ct(header, series, position, plan);
            case CR -> cr(header);
            case US -> us(header, format);
            case SR -> throw new IllegalArgumentException("an SR has no image modules");
        }
        if (format.samplesPerPixel() == 1) {
            int center = format.maxValue() / 2 + 1;
            int intercept = series.modality() == Modality.CT ? -1024 : 0;
            text(header, Tags.WindowCenter, Integer.toString(center + intercept));
            text(header, Tags.WindowWidth, Integer.toString(format.maxValue() + 1));
        }
    }

    private static void mr(DataSet header, SyntheticStudies.Series series, Position position, StudyPlan plan) {
        boolean fieldMap = plan.echoes() == 2;
        text(header, Tags.ImageType, "ORIGINAL", "PRIMARY", "OTHER");
        text(header, Tags.BodyPartExamined, "HEAD");
        text(header, Tags.ScanningSequence, "GR");
        text(header, Tags.SequenceVariant, "SP");
        text(header, Tags.ScanOptions);
        text(header, Tags.MRAcquisitionType, "2D");
        text(header, Tags.SequenceName, fieldMap ? "*fm2d2r" : "*fl2d1");
        text(header, Tags.RepetitionTime, fieldMap ? "488" : "250");
        // seed 002: the two echoes of a Siemens field map differ in EchoNumbers and echo time, not InstanceNumber
        text(header, Tags.EchoTime, fieldMap ? (position.echo() == 1 ? "4.92" : "7.38") : "2.46");
        text(header, Tags.NumberOfAverages, "1");
        text(header, Tags.ImagingFrequency, "123.25");
        text(header, Tags.ImagedNucleus, "1H");
        text(header, Tags.EchoNumbers, Integer.toString(position.echo()));
        text(header, Tags.MagneticFieldStrength, "3");
        text(header, Tags.EchoTrainLength, "1");
        text(header, Tags.PixelBandwidth, "260");
        text(header, Tags.ProtocolName, fieldMap ? "gre_field_mapping" : "fl2d_tra");
        text(header, Tags.FlipAngle, fieldMap ? "60" : "70");
        crossSection(header, series, position, plan, 240, 4);
        int block = header.reservePrivateBlock(PRIVATE_CREATOR, 0x0029);
        header.setBytes(Tag.of(0x0029, block << 8 | 0x10), Vr.OB, new byte[PRIVATE_BYTES]);
    }

    private static void ct(DataSet header, SyntheticStudies.Series series, Position position, StudyPlan plan) {
        DoseReports.CtEvent event = DoseReports.event(series.study(), series.number(), plan.seed());
        text(header, Tags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        text(header, Tags.BodyPartExamined, event.region().meaning().toUpperCase(Locale.ROOT));
        text(header, Tags.IrradiationEventUID, event.uid());
        text(header, Tags.KVP, "120");
        text(header, Tags.ConvolutionKernel, "STANDARD");
        text(header, Tags.XRayTubeCurrent, event.tubeCurrent().toPlainString());
        doubles(header, Tags.CTDIvol, event.ctdiVol().doubleValue());
        DataSet phantom = header.newSequence(Tags.CTDIPhantomTypeCodeSequence).addItem();
        text(phantom, Tags.CodeValue, DoseReports.BODY_PHANTOM.value());
        text(phantom, Tags.CodingSchemeDesignator, DoseReports.BODY_PHANTOM.scheme());
        text(phantom, Tags.CodeMeaning, DoseReports.BODY_PHANTOM.meaning());
        text(header, Tags.RescaleIntercept, "-1024");
        text(header, Tags.RescaleSlope, "1");
        text(header, Tags.RescaleType, "HU");
        crossSection(header, series, position, plan, 400, 2.5);
    }

    /** Patient position, Frame of Reference and Image Plane: axial slices of {@code thickness} mm, head first. */
    private static void crossSection(DataSet header, SyntheticStudies.Series series, Position position,
                                     StudyPlan plan, int fieldOfView, double thickness) {
        PixelFormat format = series.format();
        String z = decimal(thickness * (position.instance() - 1));
        double spacing = (double) fieldOfView / Math.max(format.rows(), format.columns());
        text(header, Tags.PatientPosition, "HFS");
        SyntheticStudies.Study study = series.study();
        // one per study, so that its series align
        text(header, Tags.FrameOfReferenceUID, plan.seed().uid("frame/" + study.patient().number() + "/"
                + study.numberInPatient()));
        text(header, Tags.PositionReferenceIndicator);
        text(header, Tags.SliceThickness, decimal(thickness));
        text(header, Tags.SpacingBetweenSlices, decimal(thickness));
        text(header, Tags.ImagePositionPatient, decimal(-spacing * format.columns() / 2),
                decimal(-spacing * format.rows() / 2), z);
        text(header, Tags.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        text(header, Tags.SliceLocation, z);
        text(header, Tags.PixelSpacing, decimal(spacing), decimal(spacing));
    }

    private static void cr(DataSet header) {
        text(header, Tags.BodyPartExamined, "CHEST");
        text(header, Tags.ViewPosition, "PA");
        text(header, Tags.KVP, "125");
        text(header, Tags.ImagerPixelSpacing, "0.2", "0.2");
        text(header, Tags.PatientOrientation, "L", "F");
    }

    private static void us(DataSet header, PixelFormat format) {
        text(header, Tags.ImageType, "ORIGINAL", "PRIMARY", "ABDOMINAL");
        text(header, Tags.BodyPartExamined, "ABDOMEN");
        text(header, Tags.PatientOrientation);
        text(header, Tags.FrameTime, "33.3");
        text(header, Tags.CineRate, "30");
        text(header, Tags.NumberOfFrames, Integer.toString(format.frames()));
        // Frame Increment Pointer (PS3.3 C.7.6.6): the frames follow each other by Frame Time (0018,1063)
        header.setBytes(Tags.FrameIncrementPointer, Vr.AT, new byte[] {0x18, 0x00, 0x63, 0x10});
    }

    /** {@code value} as a DS of at most 6 decimals, without trailing zeros. */
    static String decimal(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }
}
