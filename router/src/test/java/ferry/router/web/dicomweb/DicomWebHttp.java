package ferry.router.web.dicomweb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DICOMweb client for tests over the JDK's HTTP client: GET with an {@code Accept}, POST of a body, the answer's
 * bytes, its multipart parts read with Ferry's own {@link MultipartReader} (a reader tested on its own against
 * bodies written by hand), and STOW bodies made of files.
 */
final class DicomWebHttp {
    /** An answer. */
    record Answer(int status, HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** The parts of a multipart answer, in order. */
        List<Part> parts() throws IOException {
            MediaRange type = MediaRange.of(contentType());
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), type.parameter("boundary"));
            List<Part> parts = new ArrayList<>();
            for (MultipartReader.Part part = reader.next(); part != null; part = reader.next()) {
                parts.add(new Part(part.contentType(), part.body().readAllBytes()));
            }
            return parts;
        }

        @Override
        public String toString() {
            return status + " " + (contentType().contains("json") || body.length < 2000 ? text() : body.length
                    + " bytes");
        }
    }

    /** A part of a multipart answer. */
    record Part(String contentType, byte[] body) {
    }

    private final String base;
    private final String authorization;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A client of {@code base} ({@code http://127.0.0.1:PORT/}) as {@code user}, or anonymous when null. */
    DicomWebHttp(String base, String user, String password) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString((user + ":"
                + password).getBytes(StandardCharsets.UTF_8));
    }

    /** This client, sending {@code name: value} with every request from now on. */
    DicomWebHttp withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Answer get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return send(request);
    }

    Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .header("Accept", "application/dicom+json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A STOW-RS of {@code files}, each a part of type application/dicom. */
    Answer stow(String path, List<Path> files) throws IOException {
        String boundary = "test-boundary-0123";
        return post(path, "multipart/related; type=\"application/dicom\"; boundary=" + boundary,
                body(boundary, files));
    }

    /** A multipart/related body of {@code files}, each a part of type application/dicom. */
    static byte[] body(String boundary, List<Path> files) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Path file : files) {
            body.write(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(Files.readAllBytes(file));
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    private Answer send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
