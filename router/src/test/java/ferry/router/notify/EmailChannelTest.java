package ferry.router.notify;

import ferry.core.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import ferry.core.testing.Await;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EmailChannelTest {
    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ferry", "s3cret"));

    @TempDir
    Path dir;

    SmtpConfig smtp(String more) throws Exception {
        return TestConfigs.smtp("{host: 127.0.0.1, port: " + MAIL.getSmtp().getPort()
                + ", from: ferry@example.org, timeout: 10s" + more + "}");
    }

    /** Delivers the report and returns the first copy GreenMail holds (one per recipient). */
    MimeMessage deliver(String notify, SmtpConfig smtp, CompletionReport report) throws Exception {
        NotificationChannel channel = TestConfigs.channel(notify, smtp, Map.of("FERRY_SMTP_PASSWORD", "s3cret"), dir);
        channel.deliver(report);
        Await.until("the mail arrived", () -> MAIL.getReceivedMessages().length > 0);
        return MAIL.getReceivedMessages()[0];
    }

    static NotificationException failure(NotificationChannel channel) {
        return catchThrowableOfType(NotificationException.class, () -> channel.deliver(Reports.seed000()));
    }

    /** The text of a mail as written, with SMTP's CRLF line ends back to LF. */
    static String text(MimeMessage mail) throws Exception {
        return ((String) mail.getContent()).replace("\r\n", "\n");
    }

    @Test
    void theSeedMailArrivesWithCountsDescriptionAndFolder() throws Exception {
        MimeMessage mail = deliver("email: [pi@example.org]", smtp(""), Reports.seed000());

        assertThat(mail.getSubject()).isEqualTo("BTUANON TRANSFER SUCCESS");
        assertThat(mail.getFrom()[0]).hasToString("ferry@example.org");
        assertThat(mail.getRecipients(Message.RecipientType.TO)[0]).hasToString("pi@example.org");
        assertThat(mail.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(text(mail)).startsWith("""
                BTUANON: MMILREC TRANSFER SUCCESS for 4707 files (total number of files received: 4707)
                study description: "MRI BRAIN WO/W CONTRAST"
                file destination: "/data/btuanon/(withheld)/20261122_082400/1.2.826.0.1.3680043.2.1143.1"
                """).contains("3 T1 MPRAGE: 176 files", "in 2m 05s (4.9 MB/s)");
    }

    @Test
    void aFollowUpSaysSoAndCarriesOnlyTheDelta() throws Exception {
        MimeMessage mail = deliver("email: {to: pi@example.org}", smtp(""), Reports.followUpWithFailure());

        assertThat(mail.getSubject()).isEqualTo("BTUANON TRANSFER FAILURE (follow-up)");
        assertThat(text(mail))
                .startsWith("BTUANON: MMILREC TRANSFER FAILURE for 2 files (total number of files received: 4709)")
                .contains("follow-up report (round 2)", "1.2.3.2: 2 files (4533 in all)", "1.2.3.2.99: disk full")
                .doesNotContain("4707", "T1 MPRAGE");
    }

    @Test
    void patientIdentifiersAreWithheldByDefault() throws Exception {
        MimeMessage mail = deliver("email: {to: [pi@example.org], subject: '{patient-name} {called}'}", smtp(""),
                Reports.seed000());

        assertThat(mail.getSubject()).isEqualTo("(withheld) BTUANON");
        assertThat(text(mail)).doesNotContain("PID42", "Doe^Jane", "ACC7");
    }

    @Test
    void patientIdentifiersArePresentWithInclude() throws Exception {
        MimeMessage mail = deliver("email: {to: [pi@example.org], patient-identifiers: include, "
                + "subject: '{patient-name} {called}'}", smtp(""), Reports.seed000());

        assertThat(mail.getSubject()).isEqualTo("Doe^Jane BTUANON");
        assertThat(text(mail)).contains("patient: Doe^Jane, ID PID42, accession number ACC7",
                "/data/btuanon/PID42/");
    }

    @Test
    void templatesWriteSubjectAndBodyInUtf8OnOneSubjectLine() throws Exception {
        MimeMessage mail = deliver("""
                email:
                  to: [pi@example.org, "Lab <lab@example.org>"]
                  subject: "{description} für {called}"
                  body: "{objects} Dateien\\n{series-list}"
                """, smtp(""), Reports.hostile("Hirn\nKopf"));

        assertThat(mail.getSubject()).isEqualTo("Hirn Kopf für BTUANON");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).hasSize(2);
        Await.until("both recipients got it", () -> MAIL.getReceivedMessages().length == 2);
        assertThat(text(mail)).isEqualTo("4707 Dateien\n3 T1 MPRAGE: 176 files\n1.2.3.2: 4531 files");
    }

    @Test
    void authenticationWithTheGreenMailUserWorks() throws Exception {
        MimeMessage mail = deliver("email: [pi@example.org]", smtp(", user: ferry, starttls: off"),
                Reports.seed000());

        assertThat(mail.getSubject()).isEqualTo("BTUANON TRANSFER SUCCESS");
    }

    @Test
    void aWrongPasswordIsATemporaryFailure() throws Exception {
        NotificationChannel channel = TestConfigs.channel("email: [pi@example.org]",
                smtp(", user: ferry, starttls: off, password-variable: WRONG"), Map.of("WRONG", "guess"), dir);

        NotificationException e = failure(channel);

        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessageContaining("login as ferry refused");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void aMissingPasswordVariableStopsTheChannelBeingMade() throws Exception {
        SmtpConfig smtp = smtp(", user: ferry");

        assertThatThrownBy(() -> TestConfigs.channel("email: [pi@example.org]", smtp, Map.of(), dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("environment variable FERRY_SMTP_PASSWORD (smtp.password-variable) is not set");
    }

    @Test
    void aServerThatIsNotListeningIsATemporaryFailure() throws Exception {
        int port = FreePorts.next(); // nothing listens there
        NotificationChannel channel = TestConfigs.channel("email: [pi@example.org]",
                TestConfigs.smtp("{host: 127.0.0.1, port: " + port + "}"), Map.of(), dir);

        NotificationException e = failure(channel);

        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessageStartingWith("e-mail not sent through 127.0.0.1:" + port + ": cannot connect")
                .hasMessageContaining("refused");
    }

    @Test
    void starttlsRequiredAgainstAServerWithoutItFailsClearly() throws Exception {
        NotificationChannel channel = TestConfigs.channel("email: [pi@example.org]",
                smtp(", starttls: required"), Map.of(), dir);

        NotificationException e = failure(channel);

        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessageContaining("STARTTLS").hasMessageContaining("starttls: required");
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void itDescribesItselfWithoutSecrets() throws Exception {
        NotificationChannel channel = TestConfigs.channel("email: {to: [a@example.org, b@example.org], on: series}",
                smtp(", user: ferry"), Map.of("FERRY_SMTP_PASSWORD", "s3cret"), dir);

        assertThat(channel.describe()).isEqualTo("e-mail to a@example.org, b@example.org via 127.0.0.1:"
                + MAIL.getSmtp().getPort());
        assertThat(channel.on()).isEqualTo(CompletionReport.Level.SERIES);
    }
}
