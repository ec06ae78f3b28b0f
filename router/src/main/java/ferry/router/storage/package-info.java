/**
 * Storing objects into folders: layouts that turn an object's header into a safe relative path ({@link
 * ferry.router.storage.Layout}, with presets for the default layout and seeds 000 and 002), atomic placement of a
 * file under that path with a collision policy ({@link ferry.router.storage.Placement}, {@link
 * ferry.router.storage.CollisionPolicy}; "identical" compares data sets, not file meta groups), and a folder that
 * combines them with seed 002's echo naming, which needs to know about the other objects of a series ({@link
 * ferry.router.storage.LayoutFolder}); a route's store settings are {@link ferry.router.storage.StoreConfig}. Where
 * placed files must survive a power cut, the fsyncs of the folders that got new names can be shared among the files
 * placed meanwhile ({@link ferry.router.storage.DirectorySyncs}).
 */
package ferry.router.storage;
