package ferry.router.cli;

import ferry.net.assoc.Tls;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The TLS options of {@code ferry echo}, {@code send} and {@code receive} (a picocli mixin): DICOM over TLS as in
 * PS3.15 Annex B, from a key store with this side's key and certificate chain and a trust store with the
 * certificates (usually one CA) of the peers to trust. Giving either store turns TLS on; one password opens both.
 * Host names are not checked against the peer's certificate (as with dcmtk): trust is the trust store's.
 */
public final class TlsOptions {
    /** The environment variable read when {@code --tls-password} is not given. */
    public static final String PASSWORD_VARIABLE = "FERRY_TLS_PASSWORD";

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = {"Key store (PKCS#12 or JKS) with our private key and certificate chain; turns TLS on.",
                "Required to receive over TLS; to echo and send, it is the client certificate peers may demand."})
    Path keyStore;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
            description = {"Key store with the certificates of the peers (or their CA) to trust; turns TLS on.",
                "Without it, Java's default trust (public CAs) applies."})
    Path trustStore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD", arity = "1",
            defaultValue = "${env:" + PASSWORD_VARIABLE + "}",
            description = "Password of the key store and the trust store (default: the environment variable "
                    + PASSWORD_VARIABLE + ", which keeps it out of the process list).")
    char[] password;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Whether TLS was asked for. */
    boolean enabled() {
        return keyStore != null || trustStore != null;
    }

    /** TLS for a requestor ({@code echo}, {@code send}), or null when not asked for. */
    Tls forRequestor() throws IOException {
        if (!enabled()) {
            return null;
        }
        requirePassword();
        return Tls.fromKeyStores(keyStore, password, trustStore, password, false);
    }

    /** TLS for an acceptor ({@code receive}), or null when not asked for; it needs a key store. */
    Tls forAcceptor(boolean requireClientCertificate) throws IOException {
        if (!enabled()) {
            return null;
        }
        if (keyStore == null) {
            throw new ParameterException(spec.commandLine(), "receiving over TLS needs --tls-keystore (our key and "
                    + "certificate)");
        }
        requirePassword();
        return Tls.fromKeyStores(keyStore, password, trustStore, password, requireClientCertificate);
    }

    private void requirePassword() {
        if (password == null) {
            throw new ParameterException(spec.commandLine(), "the TLS key and trust stores need --tls-password or the "
                    + "environment variable " + PASSWORD_VARIABLE);
        }
    }
}
