package ferry.router.forward;

import ferry.net.assoc.Tls;
import ferry.router.journal.DurabilityPolicy;
import ferry.router.tagexport.StructuredReportFlattener;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/** Makes the destination a {@code destinations:} entry describes. */
public final class Destinations {
    private Destinations() {
    }

    /**
     * The destination {@code name} configured as {@code config}; secrets (passwords, tokens, the TLS stores'
     * password) are read now from the variables the configuration names, and TLS stores are loaded now.
     *
     * @param environment looks up an environment variable, {@code System::getenv} in Ferry
     * @throws IllegalStateException when a variable the configuration names is not set or empty, or a TLS store
     *                               cannot be read with its password
     */
    public static Destination create(String name, DestinationConfig config, Function<String, String> environment) {
        return create(name, config, environment, DurabilityPolicy.PROCESS);
    }

    /**
     * {@link #create(String, DestinationConfig, Function)} at a durability: a folder destination places as
     * {@code policy} says ({@link DurabilityPolicy#forcesPlacedFiles}).
     */
    public static Destination create(String name, DestinationConfig config, Function<String, String> environment,
                                     DurabilityPolicy policy) {
        if (config instanceof DestinationConfig.Dicom dicom) {
            Tls tls = dicom.tls() == null ? null : tls(name, dicom.tls(), environment);
            return new DicomDestination(name, dicom, tls);
        }
        if (config instanceof DestinationConfig.DicomWeb web) {
            String secret = web.secretVariable() == null ? null : secret(environment, web.secretVariable(),
                    name, web.auth() == DestinationConfig.DicomWeb.Auth.BEARER ? "token-variable"
                            : "password-variable");
            return new StowRsDestination(name, web, secret, ssl(name, web.tls(), environment));
        }
        if (config instanceof DestinationConfig.Orthanc orthanc) {
            String password = orthanc.user() == null ? null
                    : secret(environment, orthanc.passwordVariable(), name, "password-variable");
            return new OrthancDestination(name, orthanc, password, ssl(name, orthanc.tls(), environment));
        }
        if (config instanceof SplunkHecConfig hec) {
            String token = secret(environment, hec.tokenVariable(), name, "token-env");
            return new SplunkHecDestination(name, hec, token, localHostName(), ssl(name, hec.tls(), environment),
                    Clock.systemDefaultZone(), new StructuredReportFlattener());
        }
        if (config instanceof JsonLinesConfig lines) {
            return new JsonLinesDestination(name, lines, policy, Clock.systemDefaultZone(),
                    new StructuredReportFlattener());
        }
        return new FolderDestination(name, (DestinationConfig.Folder) config, policy);
    }

    /** This machine's name, the {@code host} of Splunk events when none is configured. */
    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** The TLS context of {@code stores} (null for Java's defaults), its password read as {@link #secret} does. */
    public static SSLContext ssl(String name, DestinationConfig.TlsStores stores,
                                  Function<String, String> environment) {
        return stores == null ? null : tls(name, stores, environment).context();
    }

    /** The TLS settings of {@code stores} for a DICOM association, its password read as {@link #secret} does. */
    public static Tls tls(String name, DestinationConfig.TlsStores stores, Function<String, String> environment) {
        char[] password = stores.hasStores()
                ? secret(environment, stores.passwordVariable(), name, "tls.password-env").toCharArray() : null;
        try {
            return Tls.fromKeyStores(stores.keyStore(), password, stores.trustStore(), password, false);
        } catch (IOException e) {
            throw new IllegalStateException("destination " + name + ": cannot read its TLS key or trust store: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The value of the environment variable {@code variable}, which holds the secret {@code key} of destination
     * {@code name}.
     *
     * @throws IllegalStateException when it is not set or empty (the message names the variable, never a value)
     */
    public static String secret(Function<String, String> environment, String variable, String name, String key) {
        String value = environment.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("environment variable " + variable + " (" + key + " of destination "
                    + name + ") is not set");
        }
        return value;
    }
}
