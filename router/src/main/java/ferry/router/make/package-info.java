/**
 * Making DICOM objects for tests of routes and pipelines ({@code ferry make}, docs/make.md): Secondary Capture
 * objects from ordinary images ({@link ferry.router.make.ImageObjects}: a JPEG kept as it is, other images as
 * uncompressed pixels) and synthetic studies ({@link ferry.router.make.SyntheticStudies}: patients × studies × series
 * × instances of MR, CT, CR, US or X-Ray Radiation Dose SR, described by a {@link ferry.router.make.StudyPlan},
 * deterministic for a {@link ferry.router.make.Seed}).
 */
package ferry.router.make;
