package ferry.router.make;

import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.tag.StandardDictionary;
import ferry.core.tag.Tags;

/** Setting elements in the VR the data dictionary gives them, so the headers made here read as plain lists. */
final class Attributes {
    private Attributes() {
    }

    /** Sets a text, IS or DS element to these values (none: an empty value, as a type 2 element may be). */
    static void text(DataSet dataSet, int tag, String... values) {
        if (values.length == 0) {
            dataSet.put(tag, StandardDictionary.vrOf(tag), Bytes.EMPTY);
        } else {
            dataSet.setString(tag, StandardDictionary.vrOf(tag), values);
        }
    }

    /** Sets a US, SS, UL or SL element. */
    static void ints(DataSet dataSet, int tag, long... values) {
        dataSet.setInts(tag, StandardDictionary.vrOf(tag), values);
    }

    /** Sets an FL or FD element. */
    static void doubles(DataSet dataSet, int tag, double... values) {
        dataSet.setDoubles(tag, StandardDictionary.vrOf(tag), values);
    }

    /**
     * The Image Pixel module but Pixel Data (PS3.3 C.7.6.3): unsigned samples, interleaved colour (Planar
     * Configuration 0, present only for colour), High Bit one below Bits Stored.
     */
    static void imagePixel(DataSet dataSet, int rows, int columns, int samplesPerPixel, String photometric,
                           int bitsAllocated, int bitsStored) {
        ints(dataSet, Tags.SamplesPerPixel, samplesPerPixel);
        text(dataSet, Tags.PhotometricInterpretation, photometric);
        if (samplesPerPixel > 1) {
            ints(dataSet, Tags.PlanarConfiguration, 0);
        }
        ints(dataSet, Tags.Rows, rows);
        ints(dataSet, Tags.Columns, columns);
        ints(dataSet, Tags.BitsAllocated, bitsAllocated);
        ints(dataSet, Tags.BitsStored, bitsStored);
        ints(dataSet, Tags.HighBit, bitsStored - 1);
        ints(dataSet, Tags.PixelRepresentation, 0);
    }
}
