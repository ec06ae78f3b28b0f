/**
 * Specific Character Set (0008,0005): decoding and encoding the text of SH, LO, ST, LT, UC, UT and PN values
 * with the character sets of PS3.3 C.12.1.1.2, including ISO 2022 code extensions (PS3.5 §6.1.2.4–6.1.2.5).
 *
 * <p>{@link ferry.core.charset.SpecificCharacterSet} is the whole public API: {@code of(…)} with the values of
 * (0008,0005), then {@code decode} / {@code encode} of whole values. Splitting on {@code \}, {@code ^} and
 * {@code =} is done by callers on the decoded text, which is the only safe place for GBK and GB18030, whose
 * second bytes may equal {@code \}.
 *
 * <p>Character set mappings come from the JDK's charsets (ISO 8859-x, JIS X 0201, EUC-JP, EUC-KR, GB2312,
 * GB18030, GBK, UTF-8) and are read once into immutable tables; decoding without escape sequences in ASCII,
 * ISO 8859-1 or UTF-8 is a single JDK call.
 */
package ferry.core.charset;
