/**
 * {@code ferry make}: DICOM objects made from what users write or have — text listings ({@link
 * ferry.router.make.TextObjects}), DICOM JSON ({@link ferry.router.make.JsonObjects}) — with the type 1 basics they
 * lack filled in ({@link ferry.router.make.MissingBasics}, new UIDs from {@link ferry.router.make.UidSource}), a
 * transfer syntax chosen ({@link ferry.router.make.OutputSyntax}), and written all or nothing
 * ({@link ferry.router.make.MadeObject}). docs/make.md describes the command.
 */
package ferry.router.make;
