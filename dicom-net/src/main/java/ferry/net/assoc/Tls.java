package ferry.net.assoc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for DICOM connections (PS3.15 Annex B, the secure transport connection profiles): TLS 1.2 and 1.3 from
 * standard key stores (PKCS#12 or JKS), optionally requiring client certificates.
 *
 * @param context            the SSL context holding keys and trusted certificates
 * @param protocols          the TLS versions allowed
 * @param requireClientCertificate acceptor side: whether a requestor must present a trusted certificate
 */
public record Tls(SSLContext context, List<String> protocols, boolean requireClientCertificate) {
    /** The TLS versions Ferry allows by default. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public Tls {
        protocols = List.copyOf(protocols);
    }

    /**
     * TLS from a key store with this side's key and certificate (may be {@code null} for a requestor without a
     * client certificate) and a trust store with the certificates of trusted peers.
     */
    public static Tls fromKeyStores(Path keyStore, char[] keyStorePassword, Path trustStore,
                                    char[] trustStorePassword, boolean requireClientCertificate) throws IOException {
        try {
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, keyStorePassword), keyStorePassword);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore == null ? null : load(trustStore, trustStorePassword));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new Tls(context, PROTOCOLS, requireClientCertificate);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password);
            return store;
        }
    }

    void configure(SSLServerSocket socket) {
        socket.setEnabledProtocols(protocols.toArray(String[]::new));
        socket.setNeedClientAuth(requireClientCertificate);
    }

    void configure(SSLSocket socket) {
        socket.setEnabledProtocols(protocols.toArray(String[]::new));
        // No host name check (endpoint identification), as with dcmtk: DICOM nodes are often reached by addresses
        // their certificates do not name, so trust comes from the trust store alone.
    }
}
