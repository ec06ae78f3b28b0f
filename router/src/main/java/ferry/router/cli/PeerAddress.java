package ferry.router.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A DICOM peer as written on the command line: {@code AET@host:port}. */
public record PeerAddress(String aeTitle, String host, int port) {

    /** Parses {@code AET@host:port} ({@code [v6]} hosts in brackets). */
    public static PeerAddress parse(String text) {
        int at = text.lastIndexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon < at + 2 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not AET@host:port");
        }
        String aeTitle = text.substring(0, at);
        String host = text.substring(at + 1, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port is not a number");
        }
        if (aeTitle.length() > 16 || port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': AE titles have at most 16 characters and ports are "
                    + "1 to 65535");
        }
        return new PeerAddress(aeTitle, host, port);
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }

    /** picocli converter. */
    public static final class Converter implements ITypeConverter<PeerAddress> {
        @Override
        public PeerAddress convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
