/**
 * {@code ferry make} (docs/make.md): DICOM objects made from what users write or have — text listings ({@link
 * ferry.router.make.TextObjects}), DICOM JSON ({@link ferry.router.make.JsonObjects}) — with the type 1 basics they
 * lack filled in ({@link ferry.router.make.MissingBasics}, new UIDs from {@link ferry.router.make.UidSource}), a
 * transfer syntax chosen ({@link ferry.router.make.OutputSyntax}), and written all or nothing
 * ({@link ferry.router.make.MadeObject}); Secondary Capture objects from ordinary images
 * ({@link ferry.router.make.ImageObjects}: a JPEG kept as it is, other images as uncompressed pixels); and synthetic
 * studies for tests of routes and pipelines ({@link ferry.router.make.SyntheticStudies}: patients × studies × series
 * × instances of MR, CT, CR, US or X-Ray Radiation Dose SR, described by a {@link ferry.router.make.StudyPlan},
 * deterministic for a {@link ferry.router.make.Seed}).
 */
package ferry.router.make;
