/**
 * Text listings of DICOM objects read back into data sets: {@link ferry.core.text.ListingReader} reads what
 * {@code ferry dump} ({@link ferry.core.io.DataSetPrinter}) and dcmtk's dcmdump print, and what dcmtk's dump2dcm
 * reads, reporting every problem with its line ({@link ferry.core.text.ListingProblem}); {@link
 * ferry.core.text.Nearest} finds the name a misspelt one was meant to be.
 */
package ferry.core.text;
