package ferry.router.replicate.dicom;

import ferry.core.tag.UidRegistry;
import ferry.net.assoc.Association;
import ferry.net.assoc.AssociationRejectedException;
import ferry.net.assoc.Requestor;
import ferry.net.assoc.RequestorSettings;
import ferry.net.assoc.Timeouts;
import ferry.net.assoc.Tls;
import ferry.net.pdu.PresentationContextRq;
import ferry.net.pdu.RoleSelection;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.Destinations;
import ferry.router.forward.DicomDestination;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.PresenceUnknownException;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * A DICOM node a replication reads from or asks (a {@code dicom:} destination entry): opens associations to it as
 * Ferry's calling AE title (the entry's {@code calling-ae-title}; with {@code pass-through}, which has no sender to
 * pass through here, Ferry's default), over TLS when the entry has it, and turns what makes the node unusable into
 * an {@link EndpointException} naming it and the reason.
 */
final class DicomNode {
    /** The largest PDU Ferry receives: C-GET brings whole objects back, so fewer, larger reads. */
    static final long MAX_PDU_LENGTH = 256 * 1024;

    private final DestinationConfig.Dicom config;
    private final Tls tls;
    private final EndpointException.Side side;

    /**
     * @param name        the entry's name, for messages about its TLS stores
     * @param environment where the TLS stores' password variable is looked up
     * @throws IllegalStateException when its TLS key or trust store cannot be read (as {@link Destinations#tls})
     */
    DicomNode(String name, DestinationConfig.Dicom config, Function<String, String> environment,
              EndpointException.Side side) {
        this.config = config;
        this.tls = config.tls() == null ? null : Destinations.tls(name, config.tls(), environment);
        this.side = side;
    }

    /** "DICOM AE@host:port", with " over TLS" when it is. */
    String describe() {
        return "DICOM " + config.aeTitle() + "@" + config.host() + ":" + config.port() + (tls == null ? ""
                : " over TLS");
    }

    /** How many associations to it may be open at once: the entry's {@code max-parallel}. */
    int maxParallel() {
        return config.maxParallel();
    }

    /** The entry's configuration. */
    DestinationConfig.Dicom config() {
        return config;
    }

    /** Our AE title on its associations. */
    String callingAeTitle() {
        return config.passThrough() ? DestinationConfig.Dicom.DEFAULT_CALLING_AE_TITLE : config.callingAeTitle();
    }

    /**
     * A new association proposing {@code contexts} and {@code roles}, on which {@code abstractSyntax} was accepted.
     *
     * @throws EndpointException        when it cannot be opened (unreachable, refused, rejected: the A-ASSOCIATE-RJ's
     *                                  reason is named), or a source did not accept {@code abstractSyntax}
     * @throws PresenceUnknownException when a destination did not accept {@code abstractSyntax} (its C-FIND)
     */
    Association open(List<PresentationContextRq> contexts, List<RoleSelection> roles, String abstractSyntax)
            throws IOException {
        Association association;
        try {
            association = Requestor.connect(new RequestorSettings(callingAeTitle(), config.aeTitle(), config.host(),
                    config.port(), contexts, MAX_PDU_LENGTH, null, new Timeouts(config.timeout(), config.timeout(),
                    config.timeout()), tls, roles));
        } catch (AssociationRejectedException e) {
            throw new EndpointException(side, describe() + " rejected the association from " + callingAeTitle()
                    + ": " + e.rejection().describe() + " (PS3.8 §9.3.4)", e);
        } catch (IOException e) {
            throw new EndpointException(side, describe() + ": " + DicomDestination.connectionFailure(e), e);
        }
        if (association.info().contextsFor(abstractSyntax).isEmpty()) {
            association.close();
            String refusal = describe() + " does not accept " + UidRegistry.nameOf(abstractSyntax) + " from "
                    + callingAeTitle();
            if (side == EndpointException.Side.DESTINATION) {
                // a destination is only asked what it holds: one that takes C-STORE alone (a storescp) cannot say
                throw new PresenceUnknownException(refusal + ", so it cannot say what it holds");
            }
            throw new EndpointException(side, refusal);
        }
        return association;
    }

    /** An {@link EndpointException} for a node that failed while {@code doing} something. */
    EndpointException failure(String doing, IOException e) {
        return new EndpointException(side, describe() + ": " + doing + ": " + DicomDestination.connectionFailure(e),
                e);
    }

    /** An {@link EndpointException} for a node that answered {@code what}. */
    EndpointException failure(String what) {
        return new EndpointException(side, describe() + " " + what);
    }
}
