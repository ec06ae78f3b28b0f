package ferry.router.config;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.notify.NotifyConfig;
import ferry.router.notify.ReportText;
import ferry.router.notify.SmtpConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notification examples of docs/notifications.md and docs/configuration.md are valid, and complete. */
class NotificationDocsTest {
    @Test
    void everyNotifyAndSmtpExampleReadsWithoutProblems() throws Exception {
        int read = 0;
        for (String page : List.of("notifications.md", "configuration.md")) {
            for (DocExamples.Example example : DocExamples.of(page)) {
                ConfigProblems problems = new ConfigProblems();
                ConfigNode.MapNode root = example.root();
                List<ConfigNode> notifyLists = new ArrayList<>();
                root.get("notify").ifPresent(notifyLists::add);
                root.get("routes").filter(ConfigNode.ListNode.class::isInstance).ifPresent(routes ->
                        ((ConfigNode.ListNode) routes).items().forEach(route ->
                                ((ConfigNode.MapNode) route).get("notify").ifPresent(notifyLists::add)));
                for (ConfigNode list : notifyLists) {
                    for (ConfigNode entry : ((ConfigNode.ListNode) list).items()) {
                        NotifyConfig.parse(entry, problems, Path.of("/etc/ferry"));
                        read++;
                    }
                }
                if (root.get("smtp").isPresent()) {
                    SmtpConfig.parse(root.get("smtp").get(), problems);
                    read++;
                }
                assertThat(problems.all()).as(page + ":\n" + example.text()).isEmpty();
            }
        }
        assertThat(read).isGreaterThan(15);
    }

    @Test
    void everyPlaceholderIsDocumented() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "notifications.md"));

        for (String placeholder : ReportText.placeholders()) {
            assertThat(page).contains("`{" + placeholder + "}`");
        }
    }
}
