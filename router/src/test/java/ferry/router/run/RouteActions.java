package ferry.router.run;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Storescp;
import ferry.router.testing.SentObjects;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a test route ({@code all}, taking every object) does with each object, as Ferry's YAML: store it into the
 * folder {@code store}, forward it to dcmtk's storescp ({@code pacs}), forward it to the folder {@code drop} (a
 * folder destination); and the check that each of those places holds what was sent.
 */
enum RouteActions {
    STORE(true, false, false),
    FORWARD(false, true, false),
    STORE_AND_FORWARD(true, true, false),
    STORE_AND_FOLDER_DESTINATION(true, false, true),
    FOLDER_DESTINATION(false, false, true);

    final boolean store;
    final boolean pacs;
    final boolean drop;

    RouteActions(boolean store, boolean pacs, boolean drop) {
        this.store = store;
        this.pacs = pacs;
        this.drop = drop;
    }

    /** The {@code destinations:} and {@code routes:} sections; {@code storescp} is {@code pacs} (or null). */
    String yaml(Storescp storescp) {
        List<String> to = new ArrayList<>();
        StringBuilder yaml = new StringBuilder();
        if (pacs || drop) {
            yaml.append("destinations:\n");
        }
        if (pacs) {
            yaml.append("  pacs: {dicom: {ae-title: SCP, host: 127.0.0.1, port: ").append(storescp.port())
                    .append(", max-parallel: 1}}\n");
            to.add("pacs");
        }
        if (drop) {
            yaml.append("  drop: {folder: {folder: drop}}\n");
            to.add("drop");
        }
        yaml.append("routes:\n  - name: all\n    default: true\n");
        if (store) {
            yaml.append("    store: {folder: store}\n");
        }
        if (!to.isEmpty()) {
            yaml.append("    forward: [").append(String.join(", ", to)).append("]\n");
        }
        return yaml.toString();
    }

    /**
     * Checks each place the route leaves objects in ({@code dir/store}, {@code dir/drop}, storescp's folder):
     * every file there holds, byte for byte, a sent object under its name, none twice, and every object of
     * {@code expected} (SOP Instance UIDs) is there.
     */
    void checkEveryPlaceHolds(SentObjects sent, Collection<String> expected, Path dir, Storescp storescp)
            throws IOException {
        if (store) {
            assertThat(sent.check(dir.resolve("store"), SentObjects.LAYOUT_NAME).keySet()).as("the store folder")
                    .containsAll(expected);
        }
        if (drop) {
            assertThat(sent.check(dir.resolve("drop"), SentObjects.LAYOUT_NAME).keySet())
                    .as("the folder destination").containsAll(expected);
        }
        if (pacs) {
            assertThat(sent.check(storescp.out(), SentObjects.STORESCP_NAME).keySet()).as("storescp's folder")
                    .containsAll(expected);
        }
    }
}
