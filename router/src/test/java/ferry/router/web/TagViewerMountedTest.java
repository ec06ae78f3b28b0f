package ferry.router.web;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.testing.WebClient;
import ferry.router.web.auth.Role;
import ferry.router.web.viewer.ViewerDictionary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry run} serves the tag viewer at {@code /viewer/} (docs/viewer.md) to anyone, even when users are
 * configured: the page holds nothing from Ferry, while the rest of the server still asks who is calling.
 */
class TagViewerMountedTest {
    @TempDir
    Path dir;

    @Test
    void ferryServesTheViewerToAnyoneAndTheRestOnlyToUsers() throws Exception {
        try (WebFerry ferry = WebFerry.start(dir, WebFerry.users())) {
            WebClient anyone = ferry.client();

            WebClient.Answer page = anyone.get("/viewer/");
            WebClient.Answer dictionary = anyone.get("/viewer/dictionary-data.js");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Your files never leave this browser.")
                    .contains("connect-src 'none'");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(StaticFiles.PAGE_POLICY);
            assertThat(dictionary.status()).isEqualTo(200);
            assertThat(dictionary.body()).isEqualTo(ViewerDictionary.script());
            assertThat(anyone.get("/viewer/dicom.js").status()).isEqualTo(200);
            assertThat(anyone.get("/viewer/../api/status").status()).isIn(401, 404);
            assertThat(anyone.get("/api/status").status()).isEqualTo(401);
            assertThat(ferry.service.webRoutes()).contains(new Routes.Route("GET", "/viewer/", Role.ANYONE),
                    new Routes.Route("GET", "/viewer/dictionary-data.js", Role.ANYONE));
        }
    }
}
