/**
 * DICOMweb (PS3.18) over Ferry's index and store, mounted in Ferry's web server under {@code /dicom-web}
 * (docs/dicomweb.md): QIDO-RS searches the index ({@link ferry.router.web.dicomweb.Qido}), WADO-RS sends the files
 * the index recorded and their metadata ({@link ferry.router.web.dicomweb.Wado}), and STOW-RS takes objects into
 * Ferry through the same receive pipeline as a C-STORE ({@link ferry.router.web.dicomweb.Stow}).
 */
package ferry.router.web.dicomweb;
