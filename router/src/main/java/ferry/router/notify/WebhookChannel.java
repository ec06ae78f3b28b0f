package ferry.router.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JSON POST of the report ({@link ReportJson}) to a URL. With a secret, the request carries
 * {@code X-Ferry-Signature: sha256=<hex HMAC-SHA256 of the exact body>} (GitHub's scheme), so the receiver can
 * check that Ferry sent it. A 2xx answer is delivered; 408, 429, 5xx, no answer in time and network errors are
 * temporary failures; other answers (4xx, redirects, which are not followed) are permanent. Each delivery opens a
 * fresh connection: deliveries are minutes apart, and servers close idle connections sooner than the client would
 * notice.
 */
public final class WebhookChannel implements NotificationChannel {
    private static final int ANSWER_SHOWN = 300;

    private final NotifyConfig.Webhook config;
    private final byte[] secret;

    /** @param secret the signature's key, read from its environment variable; {@code null} for no signature */
    public WebhookChannel(NotifyConfig.Webhook config, byte[] secret) {
        this.config = config;
        this.secret = secret == null ? null : secret.clone();
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} with {@code secret}: the signature header's value. */
    public static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java", e);
        }
    }

    @Override
    public String kind() {
        return "webhook";
    }

    @Override
    public String describe() {
        URI url = config.url();
        // no user name, password or query in logs: they may hold credentials
        String port = url.getPort() < 0 ? "" : ":" + url.getPort();
        return "webhook to " + url.getScheme() + "://" + url.getHost() + port + (url.getRawPath() == null ? ""
                : url.getRawPath());
    }

    @Override
    public CompletionReport.Level on() {
        return config.on();
    }

    @Override
    public void deliver(CompletionReport report) throws NotificationException {
        byte[] body = ReportJson.toJson(report, config.patientIdentifiers()
                == NotifyConfig.PatientIdentifiers.INCLUDE).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Ferry");
        config.headers().forEach(request::header);
        if (secret != null) {
            request.header(NotifyConfig.SIGNATURE_HEADER, signature(secret, body));
        }
        request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String prefix = describe() + ": ";
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (InputStream answer = response.body()) {
                if (status >= 200 && status < 300) {
                    return;
                }
                String text = "HTTP " + status + answer(answer)
                        + response.headers().firstValue("Location").map(l -> " (redirected to " + l + ")").orElse("");
                boolean temporary = status == 408 || status == 429 || status >= 500 || status < 200;
                throw new NotificationException(prefix + text, !temporary);
            }
        } catch (HttpConnectTimeoutException e) {
            throw new NotificationException(prefix + "cannot connect within " + ReportText.duration(config.timeout()),
                    false, e);
        } catch (HttpTimeoutException e) {
            throw new NotificationException(prefix + "no answer within " + ReportText.duration(config.timeout()),
                    false, e);
        } catch (ConnectException e) {
            boolean unknown = Channels.cause(e, UnresolvedAddressException.class) != null;
            throw new NotificationException(prefix + (unknown ? "unknown host " + config.url().getHost()
                    : "cannot connect: " + (e.getMessage() == null ? "connection refused" : e.getMessage())), false, e);
        } catch (IOException e) {
            throw new NotificationException(prefix + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationException(prefix + "interrupted", false, e);
        }
    }

    /** The start of an error answer's body, on one line: servers often say there what is wrong. */
    private static String answer(InputStream body) throws IOException {
        String text = new String(body.readNBytes(ANSWER_SHOWN), StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}+", " ").strip();
        return text.isEmpty() ? "" : ": " + text;
    }
}
