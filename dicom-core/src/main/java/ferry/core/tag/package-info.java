/**
 * Tags, value representations and the standard's tables: {@link ferry.core.tag.Tag} and {@link ferry.core.tag.Vr},
 * the data dictionary ({@link ferry.core.tag.StandardDictionary}, constants in {@link ferry.core.tag.Tags}) and
 * the UID registry ({@link ferry.core.tag.UidRegistry}, constants in {@link ferry.core.tag.Uids}).
 *
 * <p>The tables and constants are generated from dcmtk's and pydicom's dictionaries by
 * {@code dicom-core/tools/generate_dictionary.py} and checked in; see PS3.6 (data elements, UIDs), PS3.7 Annex E
 * (command elements) and PS3.5 §6.2 (VRs).
 */
package ferry.core.tag;
