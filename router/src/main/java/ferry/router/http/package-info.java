/**
 * A small blocking HTTP/1.1 client for the servers Ferry sends to and replicates from (Orthanc, DICOMweb, Splunk
 * HEC): {@link ferry.router.http.HttpOrigin} keeps connections to one server between requests, writes a file body
 * straight from the file to the socket and a file answer straight to the file, and ends any read or write that makes
 * no progress for the time limit. Why Ferry has its own rather than the JDK's {@code java.net.http} client, and what
 * that bought, is in docs/architecture.md ("HTTP").
 */
package ferry.router.http;
