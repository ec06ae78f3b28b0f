/**
 * The tag viewer (docs/viewer.md): a page that reads DICOM files in the browser and uploads nothing, served at
 * {@code /viewer/} ({@link ferry.router.web.viewer.TagViewer#routes()}) and saved as one offline HTML file by
 * {@code ferry viewer --out} ({@link ferry.router.web.viewer.TagViewer#offlinePage()}). Its scripts are plain files
 * in {@code ferry/web/viewer/} on the class path; the tag and UID names come from Ferry's own dictionary
 * ({@link ferry.router.web.viewer.ViewerDictionary}).
 */
package ferry.router.web.viewer;
