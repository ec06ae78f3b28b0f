package ferry.router.replicate.dicom;

import ferry.core.io.TransferSyntax;
import ferry.core.tag.Uids;
import ferry.net.service.RetrieveScu;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a C-GET association to a DICOM node proposes. An association cannot gain presentation contexts once it is
 * open (PS3.8 §7.1.1.13), and the node sends each object on a context of its SOP class for which Ferry took the SCP
 * role (PS3.4 C.4.3.3, PS3.7 §D.3.3.4): so one proposes, besides the Study Root GET model, the SOP class of the
 * instance about to be fetched (when its listing gave it: dcmqrscp's does not), the classes fetched lately, and then
 * the common storage classes, as far as 128 contexts go. An image class gets a context of the uncompressed syntaxes
 * and one per common compressed syntax (a node sends a compressed object as it is only on a context of its syntax;
 * Ferry does not decompress); other classes (reports, RT plans, PDFs) the uncompressed one only.
 */
final class GetProposals {
    static final String MODEL = Uids.StudyRootQueryRetrieveInformationModelGet;

    /** The compressed syntaxes proposed for an image class: JPEG, JPEG-LS, JPEG 2000 and RLE as archives keep them. */
    static final List<String> COMPRESSED = List.of(Uids.JPEGLosslessSV1, Uids.JPEGBaseline8Bit,
            Uids.JPEGExtended12Bit, Uids.JPEGLSLossless, Uids.JPEG2000Lossless, Uids.JPEG2000, Uids.RLELossless);

    /** Common image storage classes, the most common first. */
    static final List<String> IMAGE_CLASSES = List.of(Uids.CTImageStorage, Uids.MRImageStorage,
            Uids.ComputedRadiographyImageStorage, Uids.DigitalXRayImageStorageForPresentation,
            Uids.DigitalMammographyXRayImageStorageForPresentation, Uids.UltrasoundImageStorage,
            Uids.UltrasoundMultiFrameImageStorage, Uids.SecondaryCaptureImageStorage,
            Uids.EnhancedCTImageStorage, Uids.EnhancedMRImageStorage, Uids.PositronEmissionTomographyImageStorage,
            Uids.NuclearMedicineImageStorage, Uids.XRayAngiographicImageStorage);

    /** Common storage classes without pixel data to compress, the most common first. */
    static final List<String> OTHER_CLASSES = List.of(Uids.EnhancedSRStorage, Uids.ComprehensiveSRStorage,
            Uids.BasicTextSRStorage, Uids.XRayRadiationDoseSRStorage, Uids.KeyObjectSelectionDocumentStorage,
            Uids.GrayscaleSoftcopyPresentationStateStorage, Uids.EncapsulatedPDFStorage, Uids.RTStructureSetStorage,
            Uids.RTPlanStorage, Uids.RTDoseStorage, Uids.RawDataStorage, Uids.SegmentationStorage,
            Uids.Comprehensive3DSRStorage, Uids.RadiopharmaceuticalRadiationDoseSRStorage,
            Uids.MRSpectroscopyStorage);

    /** Presentation contexts an association holds (PS3.8 §9.3.2.2: odd IDs 1 to 255). */
    private static final int MAX_CONTEXTS = 128;

    private GetProposals() {
    }

    /**
     * The storage SOP classes, each with its transfer syntaxes, for an association that must carry {@code first}
     * (empty: none in particular), then {@code recent}, then the common classes, as many as fit beside the GET
     * context.
     */
    static Map<String, Set<String>> storage(String first, List<String> recent) {
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        if (!first.isEmpty()) {
            wanted.add(first);
        }
        wanted.addAll(recent);
        wanted.addAll(IMAGE_CLASSES);
        wanted.addAll(OTHER_CLASSES);
        Map<String, Set<String>> syntaxes = new LinkedHashMap<>();
        int contexts = 1; // the GET context
        for (String sopClass : wanted) {
            Set<String> own = new LinkedHashSet<>();
            own.add(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid());
            if (!OTHER_CLASSES.contains(sopClass)) {
                own.addAll(COMPRESSED);
            }
            int needed = own.size(); // one context of the uncompressed syntaxes, one per compressed syntax
            if (contexts + needed > MAX_CONTEXTS) {
                continue; // a smaller one may still fit
            }
            contexts += needed;
            syntaxes.put(sopClass, own);
        }
        return syntaxes;
    }

    /** The proposal ({@link RetrieveScu#getProposal}) for these storage classes and syntaxes. */
    static RetrieveScu.GetProposal proposal(Map<String, Set<String>> storage) {
        return RetrieveScu.getProposal(MODEL, storage);
    }
}
