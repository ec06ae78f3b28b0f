package ferry.router.replicate.service;

import ferry.router.database.Database;
import ferry.router.forward.Destination;
import ferry.router.forward.DestinationConfig;
import ferry.router.forward.Destinations;
import ferry.router.forward.JsonLinesConfig;
import ferry.router.forward.SplunkHecConfig;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.replicate.EndpointException;
import ferry.router.replicate.Ends;
import ferry.router.replicate.Presence;
import ferry.router.replicate.ReplicationSource;
import ferry.router.replicate.Retrieve;
import ferry.router.replicate.dicom.DicomPresence;
import ferry.router.replicate.dicom.DicomSource;
import ferry.router.replicate.folder.FolderPresence;
import ferry.router.replicate.folder.FolderSource;
import ferry.router.replicate.folder.LocalSource;
import ferry.router.replicate.orthanc.OrthancPresence;
import ferry.router.replicate.orthanc.OrthancSource;
import ferry.router.replicate.orthanc.QidoPresence;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The two ends of a replication, as {@code ferry replicate --from/--to} and {@code replications:} name them
 * (docs/replication.md): a destination by its name under {@code destinations:} (an Orthanc, a DICOM node, a DICOMweb
 * server or a folder); {@code local} for Ferry's own store (a source only); an {@code http://} or {@code https://}
 * URL for an Orthanc not configured (its user in the URL, its password in {@value #FROM_PASSWORD} or
 * {@value #TO_PASSWORD}); any other text is a folder.
 *
 * @param destinations the configured destinations, by name
 * @param journalDatabase  Ferry's journal database, whose index is the {@code local} source
 * @param environment  looks up the environment variables secrets are read from
 */
public record Endpoints(Map<String, DestinationConfig> destinations, Database journalDatabase,
                        Function<String, String> environment) implements Ends {
    /** Ferry's own store as a source. */
    public static final String LOCAL = "local";
    /** The environment variable with the password of an Orthanc source given as a URL. */
    public static final String FROM_PASSWORD = "FERRY_FROM_PASSWORD";
    /** The environment variable with the password of an Orthanc destination given as a URL. */
    public static final String TO_PASSWORD = "FERRY_TO_PASSWORD";

    /**
     * The source {@code spec} names, a DICOM node fetched from by {@code retrieve}.
     *
     * @throws IllegalArgumentException when {@code spec} names no source, or {@code retrieve} is a C-MOVE and it is
     *                                  no DICOM node
     */
    @Override
    public ReplicationSource source(String spec, Retrieve retrieve, Consumer<String> problems) {
        if (retrieve instanceof Retrieve.Move && (LOCAL.equals(spec)
                || !(config(spec, EndpointException.Side.SOURCE) instanceof DestinationConfig.Dicom))) {
            throw new IllegalArgumentException(notDicomToMove(spec));
        }
        if (LOCAL.equals(spec)) {
            return new LocalSource(journalDatabase);
        }
        DestinationConfig config = config(spec, EndpointException.Side.SOURCE);
        if (config instanceof DestinationConfig.Orthanc orthanc) {
            return new OrthancSource(spec, orthanc, environment);
        }
        if (config instanceof DestinationConfig.Dicom dicom) {
            return new DicomSource(spec, dicom, retrieve, environment);
        }
        if (config instanceof DestinationConfig.Folder folder) {
            return new FolderSource(folder.store().folder(), problems);
        }
        throw new IllegalArgumentException("'" + spec + "' cannot be a source: " + kind(config)
                + " destinations cannot be read from (sources: an Orthanc, a DICOM node, a folder, local)");
    }

    /** The destination {@code spec} names, ready to send to. */
    @Override
    public Destination destination(String spec, DurabilityPolicy policy) {
        if (LOCAL.equals(spec)) {
            throw new IllegalArgumentException("'local' is a source only: to copy into Ferry, name a folder or a "
                    + "DICOM destination that is Ferry's own listener");
        }
        DestinationConfig config = config(spec, EndpointException.Side.DESTINATION);
        if (config instanceof DestinationConfig.Orthanc orthanc) {
            // the replication asked Orthanc what it holds already: no second look-up per instance
            config = new DestinationConfig.Orthanc(orthanc.url(), orthanc.user(), orthanc.passwordVariable(), false,
                    orthanc.timeout(), orthanc.maxParallel(), orthanc.tls());
        }
        return Destinations.create(spec, config, environment, policy);
    }

    /**
     * Asks the destination {@code spec} names what it holds; null for a tag export (a Splunk HTTP Event Collector, a
     * JSON lines file), which cannot be asked: the replication's record alone tells what it was sent.
     */
    @Override
    public Presence presence(String spec) {
        DestinationConfig config = config(spec, EndpointException.Side.DESTINATION);
        if (config instanceof SplunkHecConfig || config instanceof JsonLinesConfig) {
            return null;
        }
        if (config instanceof DestinationConfig.Orthanc orthanc) {
            return new OrthancPresence(spec, orthanc, environment);
        }
        if (config instanceof DestinationConfig.Dicom dicom) {
            return new DicomPresence(spec, dicom, environment);
        }
        if (config instanceof DestinationConfig.DicomWeb web) {
            return new QidoPresence(spec, web, environment);
        }
        if (config instanceof DestinationConfig.Folder folder) {
            return new FolderPresence(folder.store().folder());
        }
        throw new IllegalArgumentException("'" + spec + "' cannot be asked what it holds (" + kind(config) + ")");
    }

    /**
     * What is wrong with {@code spec} as the {@code side} end of a replication, if anything: a word that is no
     * destination's name (nor {@code local} for a source), {@code local} as a destination. Checked when the
     * configuration is read; what the end is like (reachable, its credentials) only when it is used.
     */
    public static Optional<String> problem(String spec, EndpointException.Side side, Set<String> destinationNames) {
        if (LOCAL.equals(spec)) {
            return side == EndpointException.Side.SOURCE ? Optional.empty() : Optional.of("'local' is a source only");
        }
        if (destinationNames.contains(spec)) {
            return Optional.empty();
        }
        try {
            unnamed(spec, side, destinationNames);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Why {@code spec} cannot be fetched from by C-MOVE (it is no {@code dicom:} destination). */
    public static String notDicomToMove(String spec) {
        return "retrieval by C-MOVE is for a DICOM node (a dicom: destination); '" + shown(spec) + "' is none";
    }

    /** The configuration {@code spec} names. */
    DestinationConfig config(String spec, EndpointException.Side side) {
        DestinationConfig named = destinations.get(spec);
        return named != null ? named : unnamed(spec, side, destinations.keySet());
    }

    /** An end not under {@code destinations:}: an Orthanc's URL or a folder; else why not. */
    private static DestinationConfig unnamed(String spec, EndpointException.Side side, Set<String> destinationNames) {
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            return orthanc(spec, side);
        }
        if (!spec.contains("/")) {
            throw new IllegalArgumentException("'" + spec + "' is no destination under destinations:"
                    + (destinationNames.isEmpty() ? "" : " (" + String.join(", ", destinationNames) + ")")
                    + (side == EndpointException.Side.SOURCE ? ", nor local" : "")
                    + "; a folder is given as a path with a /, e.g. ./" + spec + "; an Orthanc as http://host:8042");
        }
        return DestinationConfig.Folder.at(Path.of(spec).toAbsolutePath().normalize());
    }

    /** {@code http://[user@]host:port[/path]}: an Orthanc, its password (if a user) from the side's variable. */
    private static DestinationConfig.Orthanc orthanc(String spec, EndpointException.Side side) {
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + withoutUserInfo(spec) + "' is not a URL: " + e.getReason());
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            throw new IllegalArgumentException("a password in the URL would be seen by everyone on this machine (ps, "
                    + "shell history): give the user only (http://USER@host:port) and the password in "
                    + (side == EndpointException.Side.SOURCE ? FROM_PASSWORD : TO_PASSWORD));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + spec + "' names no host");
        }
        URI url;
        try {
            url = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + withoutUserInfo(spec) + "' is not a URL: " + e.getReason());
        }
        String variable = side == EndpointException.Side.SOURCE ? FROM_PASSWORD : TO_PASSWORD;
        return new DestinationConfig.Orthanc(url, userInfo, userInfo == null ? null : variable, false,
                DestinationConfig.DEFAULT_TIMEOUT, DestinationConfig.DEFAULT_MAX_PARALLEL, null);
    }

    /** {@code spec} as it may be shown: an URL without its user information. */
    public static String shown(String spec) {
        return spec.startsWith("http://") || spec.startsWith("https://") ? withoutUserInfo(spec) : spec;
    }

    private static String withoutUserInfo(String url) {
        return url.replaceFirst("^(https?://)[^@/]*@", "$1");
    }

    private static String kind(DestinationConfig config) {
        if (config instanceof SplunkHecConfig) {
            return "splunk-hec";
        }
        if (config instanceof JsonLinesConfig) {
            return "json-lines";
        }
        if (config instanceof DestinationConfig.DicomWeb) {
            return "dicomweb";
        }
        return config.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
