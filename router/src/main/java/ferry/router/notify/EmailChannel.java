package ferry.router.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * An e-mail (text/plain, UTF-8) through the configured SMTP server (Jakarta Mail), with STARTTLS or implicit TLS
 * and authentication as {@link SmtpConfig} says. A recipient or a mail the server rejects with a 5xx reply, or an
 * address that does not parse, is a permanent failure; a server that cannot be reached, does not answer in time,
 * answers 4xx, refuses the login or lacks a required STARTTLS is a temporary one. Recipients the server accepts get
 * the mail even when it rejects another.
 */
public final class EmailChannel implements NotificationChannel {
    private final NotifyConfig.Email config;
    private final SmtpConfig smtp;
    private final String password;
    private final Session session;

    /**
     * @param password the password for {@link SmtpConfig#user()}, read from its environment variable; {@code null}
     *                 without authentication
     */
    public EmailChannel(NotifyConfig.Email config, SmtpConfig smtp, String password) {
        this.config = config;
        this.smtp = smtp;
        this.password = password;
        this.session = Session.getInstance(properties(smtp));
    }

    private static Properties properties(SmtpConfig smtp) {
        boolean implicit = smtp.tls() == SmtpConfig.Tls.IMPLICIT;
        String protocol = implicit ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        String millis = Long.toString(Math.min(Integer.MAX_VALUE, smtp.timeout().toMillis()));
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", protocol);
        properties.setProperty(prefix + "host", smtp.host());
        properties.setProperty(prefix + "port", Integer.toString(smtp.port()));
        properties.setProperty(prefix + "connectiontimeout", millis);
        properties.setProperty(prefix + "timeout", millis);
        properties.setProperty(prefix + "writetimeout", millis);
        properties.setProperty(prefix + "auth", Boolean.toString(smtp.user() != null));
        properties.setProperty(prefix + "sendpartial", "true");
        properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        if (!implicit) {
            properties.setProperty(prefix + "starttls.enable",
                    Boolean.toString(smtp.starttls() != SmtpConfig.StartTls.OFF));
            properties.setProperty(prefix + "starttls.required",
                    Boolean.toString(smtp.starttls() == SmtpConfig.StartTls.REQUIRED));
        }
        return properties;
    }

    @Override
    public String kind() {
        return "email";
    }

    @Override
    public String describe() {
        return "e-mail to " + String.join(", ", config.to()) + " via " + server();
    }

    @Override
    public CompletionReport.Level on() {
        return config.on();
    }

    @Override
    public void deliver(CompletionReport report) throws NotificationException {
        boolean withPatient = config.patientIdentifiers() == NotifyConfig.PatientIdentifiers.INCLUDE;
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(smtp.from(), true));
            message.setRecipients(Message.RecipientType.TO, recipients());
            // one line: a value with a line break must not end the header
            message.setSubject(config.subject().render(report, withPatient).replaceAll("[\\r\\n\\t]+", " ").strip(),
                    "UTF-8");
            message.setSentDate(new Date());
            message.setHeader("Auto-Submitted", "auto-generated"); // RFC 3834: no vacation replies
            message.setText(config.body().render(report, withPatient), "UTF-8");
            try (Transport transport = session.getTransport()) {
                transport.connect(smtp.host(), smtp.port(), smtp.user(), password);
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (AddressException e) {
            throw new NotificationException("e-mail not sent: bad address " + e.getRef() + ": " + e.getMessage(),
                    true, e);
        } catch (MessagingException e) {
            throw failure(e);
        }
    }

    private InternetAddress[] recipients() throws AddressException {
        List<InternetAddress> to = new ArrayList<>();
        for (String address : config.to()) {
            to.add(new InternetAddress(address, true));
        }
        return to.toArray(InternetAddress[]::new);
    }

    private NotificationException failure(MessagingException e) {
        String prefix = "e-mail not sent through " + server() + ": ";
        if (e instanceof SendFailedException sent && sent.getInvalidAddresses() != null
                && sent.getInvalidAddresses().length > 0) {
            return new NotificationException(prefix + "recipient rejected: " + replies(e), true, e);
        }
        int code = replyCode(e);
        if (code >= 500) {
            return new NotificationException(prefix + "rejected: " + replies(e), true, e);
        }
        if (e instanceof AuthenticationFailedException) {
            return new NotificationException(prefix + "login as " + smtp.user() + " refused: " + e.getMessage(),
                    false, e);
        }
        UnknownHostException unknown = Channels.cause(e, UnknownHostException.class);
        if (unknown != null) {
            return new NotificationException(prefix + "unknown host " + smtp.host(), false, e);
        }
        ConnectException refused = Channels.cause(e, ConnectException.class);
        if (refused != null) {
            return new NotificationException(prefix + "cannot connect: " + refused.getMessage(), false, e);
        }
        SocketTimeoutException timeout = Channels.cause(e, SocketTimeoutException.class);
        if (timeout != null) {
            return new NotificationException(prefix + "no answer within " + ReportText.duration(smtp.timeout())
                    + " (" + timeout.getMessage() + ")", false, e);
        }
        if (String.valueOf(e.getMessage()).contains("STARTTLS")) {
            return new NotificationException(prefix + e.getMessage() + " (starttls: required)", false, e);
        }
        return new NotificationException(prefix + replies(e), false, e);
    }

    /** The first SMTP reply code in the exception chain, 0 when there is none. */
    private static int replyCode(MessagingException e) {
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException()
                : null) {
            if (next instanceof SMTPAddressFailedException address) {
                return address.getReturnCode();
            }
            if (next instanceof SMTPSendFailedException send) {
                return send.getReturnCode();
            }
        }
        return 0;
    }

    /** The messages of the exception chain (a rejected recipient's reply is nested), without repeats. */
    private static String replies(MessagingException e) {
        List<String> messages = new ArrayList<>();
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException()
                : null) {
            String message = String.valueOf(next.getMessage()).strip();
            if (!messages.contains(message)) {
                messages.add(message);
            }
        }
        return String.join("; ", messages);
    }

    private String server() {
        return smtp.host() + ":" + smtp.port();
    }
}
