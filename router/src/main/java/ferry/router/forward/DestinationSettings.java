package ferry.router.forward;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Settings several kinds of destination read alike: {@code max-parallel}, {@code url}, {@code tls}. */
final class DestinationSettings {
    private DestinationSettings() {
    }

    /** {@code max-parallel}: 1 to {@link DestinationConfig#MOST_PARALLEL}. */
    static int maxParallel(Section section) {
        return (int) section.integer("max-parallel", DestinationConfig.DEFAULT_MAX_PARALLEL, 1,
                DestinationConfig.MOST_PARALLEL);
    }

    /** {@code url}, reported when missing. */
    static URI requiredUrl(Section section) {
        Optional<ConfigNode> url = section.node("url");
        if (url.isEmpty()) {
            section.problems().add(section.node().line(), section.node().path() + ".url", "is required");
            return null;
        }
        return url(url.get(), section.problems());
    }

    /** An http(s) URL without credentials in it (they would show in logs): those go into user and a variable. */
    static URI url(ConfigNode node, ConfigProblems problems) {
        URI url = ChannelSettings.url(node, problems);
        if (url != null && url.getRawUserInfo() != null) {
            problems.add(node, "credentials do not belong in the URL: give user and password-variable");
            return null;
        }
        return url;
    }

    /** The {@code tls:} of an HTTP destination, which only an https URL can use. */
    static DestinationConfig.TlsStores httpsTls(Section section, URI url, Path base) {
        Optional<Section> tls = section.section("tls");
        if (tls.isPresent() && url != null && !"https".equalsIgnoreCase(url.getScheme())) {
            section.problems().add(section.node("tls").orElseThrow(), "tls needs an https:// URL");
        }
        return tls.map(t -> DestinationConfig.TlsStores.parse(t, base)).orElse(null);
    }
}
