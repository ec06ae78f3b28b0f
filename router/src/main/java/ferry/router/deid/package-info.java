/**
 * De-identification by the DICOM Basic Application Level Confidentiality Profile (PS3.15 Annex E) and its options:
 * the profile's attribute table ({@link ferry.router.deid.ProfileTable}, Table E.1-1 of PS3.15 2021b), the
 * settings a {@code deidentify:} edit names ({@link ferry.router.deid.DeidentificationSettings}), and the
 * {@link ferry.router.deid.Deidentifier} that applies them to a data set with replacement UIDs, pseudonyms and date
 * shifts derived from a per-project secret, so that the same original always gets the same replacement.
 */
package ferry.router.deid;
