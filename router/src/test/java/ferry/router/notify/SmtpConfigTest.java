package ferry.router.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.router.config.yaml.ConfigException;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.YamlSource;
import jakarta.mail.internet.InternetAddress;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpConfigTest {
    final ConfigProblems problems = new ConfigProblems();

    SmtpConfig read(String yaml) throws ConfigException {
        return SmtpConfig.parse(YamlSource.read(new StringReader(yaml), "test"), problems);
    }

    @Test
    void aFullServerIsRead() throws Exception {
        SmtpConfig smtp = read("{host: mail.example.org, port: 587, starttls: required, user: ferry, "
                + "password-variable: MAIL_PASSWORD, from: 'Ferry <ferry@example.org>', timeout: 10s}");

        assertThat(problems.all()).isEmpty();
        assertThat(smtp).isEqualTo(new SmtpConfig("mail.example.org", 587, SmtpConfig.Tls.STARTTLS,
                SmtpConfig.StartTls.REQUIRED, "ferry", "MAIL_PASSWORD", "Ferry <ferry@example.org>",
                Duration.ofSeconds(10)));
    }

    @Test
    void defaultsAreLocalhostWithoutTlsAndStarttlsRequiredWithAUser() throws Exception {
        SmtpConfig none = read("{}");
        SmtpConfig withUser = read("{user: ferry}");
        SmtpConfig implicit = read("{host: mail.example.org, tls: implicit}");

        assertThat(problems.all()).isEmpty();
        assertThat(none).isEqualTo(SmtpConfig.defaults());
        assertThat(none.host()).isEqualTo("localhost");
        assertThat(none.port()).isEqualTo(25);
        assertThat(none.starttls()).isEqualTo(SmtpConfig.StartTls.OFF);
        assertThat(none.from()).startsWith("ferry@");
        new InternetAddress(none.from(), true).validate();
        assertThat(none.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(withUser.starttls()).isEqualTo(SmtpConfig.StartTls.REQUIRED);
        assertThat(withUser.passwordVariable()).isEqualTo("FERRY_SMTP_PASSWORD");
        assertThat(implicit.port()).isEqualTo(465);
    }

    @Test
    void everyProblemIsReportedWithItsLine() throws Exception {
        read("""
                host: mail.example.org
                tls: implicit
                starttls: optional
                password-variable: MAIL_PASSWORD
                from: nobody
                timeout: 0
                pasword: secret
                """);

        assertThat(problems.all()).extracting(Object::toString).containsExactlyInAnyOrder(
                "line 3, starttls: does not apply with tls: implicit (TLS from the first byte); leave it out",
                "line 4, password-variable: needs a user to authenticate as",
                "line 5, from: 'nobody' is not an e-mail address: Missing final '@domain'",
                "line 6, timeout: must be more than 0",
                "line 7, pasword: unknown setting 'pasword'");
    }
}
