package ferry.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A throwaway public key infrastructure for TLS tests (PS3.15 Annex B): a certificate authority and two
 * entities signed by it, {@code server} and {@code client}, each usable by Java (PKCS#12 key stores, a trust store
 * holding the CA) and by dcmtk (PEM files: unencrypted PKCS#8 private key, certificate, CA certificate).
 *
 * <p>It is made with the JDK's own {@code keytool} (so no openssl is needed), once per JVM, in a temporary
 * folder removed when the JVM exits. Keys are RSA (2048 bits); certificates are valid for two days and name
 * {@code 127.0.0.1} and {@code localhost} as subject alternative names, with both the serverAuth and clientAuth
 * extended key usages. The keytool steps (genkeypair, certreq, gencert) are those {@code docs/networking.md} shows
 * an administrator; the chains are then put together with Java's {@code KeyStore} instead of keytool's importcert.
 *
 * <pre>{@code
 * TestPki pki = TestPki.shared();
 * Tls tls = Tls.fromKeyStores(pki.keyStore("server"), TestPki.PASSWORD, pki.trustStore(), TestPki.PASSWORD, true);
 * ToolRun.run("echoscu", "+tls", pki.keyPem("client").toString(), pki.certificatePem("client").toString(),
 *         "+cf", pki.caPem().toString(), ...);
 * }</pre>
 */
public final class TestPki {
    /** The password of every key store and trust store made here. */
    public static final char[] PASSWORD = "ferry-test".toCharArray();
    /** The entities with a key and a certificate signed by the CA. */
    public static final List<String> ENTITIES = List.of("server", "client");

    private static TestPki shared;

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** The PKI of this JVM, made on first use (a few seconds: one keytool run per step, steps in parallel). */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("ferry-pki-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                shared = make(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the test PKI", e);
            }
        }
        return shared;
    }

    /** The CA's certificate as PEM (dcmtk's {@code +cf}). */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A PKCS#12 trust store holding the CA's certificate. */
    public Path trustStore() {
        return dir.resolve("truststore.p12");
    }

    /** A PKCS#12 key store with the entity's key and its chain (its certificate, the CA's). */
    public Path keyStore(String entity) {
        return dir.resolve(check(entity) + ".p12");
    }

    /** The entity's private key as unencrypted PKCS#8 PEM (dcmtk's {@code +tls KEY CERT}, with {@code -pw}). */
    public Path keyPem(String entity) {
        return dir.resolve(check(entity) + "-key.pem");
    }

    /** The entity's certificate as PEM. */
    public Path certificatePem(String entity) {
        return dir.resolve(check(entity) + "-cert.pem");
    }

    private static String check(String entity) {
        if (!ENTITIES.contains(entity)) {
            throw new IllegalArgumentException("no entity " + entity + "; there are " + ENTITIES);
        }
        return entity;
    }

    private static TestPki make(Path dir) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String password = new String(PASSWORD);
        List<CompletableFuture<Void>> keys = new ArrayList<>();
        keys.add(CompletableFuture.runAsync(() -> keytool(keytool, "-genkeypair", "-alias", "ca",
                "-keystore", dir.resolve("ca.p12").toString(), "-dname", "CN=Ferry Test CA", "-ext", "bc:c",
                "-ext", "ku:c=keyCertSign,cRLSign")));
        for (String entity : ENTITIES) {
            keys.add(CompletableFuture.runAsync(() -> keytool(keytool, "-genkeypair", "-alias", entity,
                    "-keystore", dir.resolve(entity + ".p12").toString(), "-dname", "CN=ferry-test-" + entity)));
        }
        CompletableFuture.allOf(keys.toArray(CompletableFuture[]::new)).join();
        List<CompletableFuture<Void>> signed = new ArrayList<>();
        for (String entity : ENTITIES) {
            signed.add(CompletableFuture.runAsync(() -> {
                Path request = dir.resolve(entity + ".csr");
                keytool(keytool, "-certreq", "-alias", entity, "-keystore", dir.resolve(entity + ".p12").toString(),
                        "-file", request.toString());
                keytool(keytool, "-gencert", "-alias", "ca", "-keystore", dir.resolve("ca.p12").toString(),
                        "-infile", request.toString(), "-outfile", dir.resolve(entity + ".crt").toString(), "-rfc",
                        "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "ku:c=digitalSignature,keyEncipherment",
                        "-ext", "eku=serverAuth,clientAuth");
            }));
        }
        CompletableFuture.allOf(signed.toArray(CompletableFuture[]::new)).join();
        try {
            KeyStore caStore = load(dir.resolve("ca.p12"));
            Certificate ca = caStore.getCertificate("ca");
            Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ferry-test-ca", ca);
            store(trust, dir.resolve("truststore.p12"));
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (String entity : ENTITIES) {
                Certificate certificate;
                try (InputStream in = Files.newInputStream(dir.resolve(entity + ".crt"))) {
                    certificate = x509.generateCertificate(in);
                }
                KeyStore entityStore = load(dir.resolve(entity + ".p12"));
                Key key = entityStore.getKey(entity, PASSWORD);
                entityStore.setKeyEntry(entity, key, PASSWORD, new Certificate[] {certificate, ca});
                store(entityStore, dir.resolve(entity + ".p12"));
                Files.writeString(dir.resolve(entity + "-key.pem"),
                        pem("PRIVATE KEY", ((PrivateKey) key).getEncoded()), StandardCharsets.US_ASCII);
                Files.writeString(dir.resolve(entity + "-cert.pem"), pem("CERTIFICATE", certificate.getEncoded()),
                        StandardCharsets.US_ASCII);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot assemble the test PKI in " + dir + ": " + e.getMessage(), e);
        }
        return new TestPki(dir);
    }

    private static void keytool(Path keytool, String... arguments) {
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        // RSA keys: dcmtk's default BCP 195 profile offers only RSA cipher suites for TLS 1.2 (EC keys work with
        // TLS 1.3 only)
        if (arguments[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", "2"));
        }
        if (arguments[0].equals("-gencert")) {
            command.addAll(List.of("-validity", "2"));
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-noprompt",
                "-J-XX:TieredStopAtLevel=1"));
        ToolRun run = ToolRun.run(Duration.ofSeconds(60), command);
        if (run.exitCode() != 0) {
            throw new IllegalStateException("keytool failed: " + run.describe() + " "
                    + run.out(StandardCharsets.UTF_8));
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static void store(KeyStore keyStore, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, PASSWORD);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; nothing more to do
        }
    }
}
