/**
 * Reading and writing DICOM: {@link ferry.core.io.DicomReader} (Part 10 files and bare data sets, streaming,
 * header-only, bulk data by reference, hostile input rejected with {@link ferry.core.io.DicomParseException}),
 * {@link ferry.core.io.DicomWriter} (every native transfer syntax, deflate, encapsulated pixel data carried
 * through, odd-length values padded), {@link ferry.core.io.EvenLengthCopy} (a file's data set bytes streamed with
 * odd-length values padded), {@link ferry.core.io.DataSetWalker} (follows a data set's elements as its bytes stream
 * past, to tell a whole data set from a broken one without reading it twice) and
 * {@link ferry.core.io.TransferSyntax}. PS3.5 §7–§10 and Annex A, PS3.10 §7.
 */
package ferry.core.io;
