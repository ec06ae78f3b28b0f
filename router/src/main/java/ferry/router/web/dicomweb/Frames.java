package ferry.router.web.dicomweb;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Value;
import ferry.core.io.DicomFile;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.router.web.Json;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotAcceptableResponse;
import io.javalin.http.NotFoundResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of an instance's native (uncompressed) pixel data, for WADO-RS's {@code /frames/{list}} (PS3.18
 * §10.4.1.1.7): frame {@code n} is the {@code n}-th run of Rows × Columns × Samples per Pixel × Bits Allocated / 8
 * bytes of Pixel Data (PS3.5 §8.1.1). Compressed, big-endian and 1-bit pixel data are not served.
 *
 * @param pixels      the Pixel Data value: in its file, or in memory when small
 * @param frameLength the bytes of one frame
 * @param count       Number of Frames (1 when absent)
 */
record Frames(Value pixels, long frameLength, int count) {
    /**
     * The frames of {@code file}, instance {@code instance}.
     *
     * @throws NotAcceptableResponse when its pixel data is compressed, big endian, 1-bit, or shorter than its frames
     * @throws NotFoundResponse      when it has no pixel data
     */
    static Frames of(DicomFile file, String instance) {
        if (file.transferSyntax().encapsulated() || file.transferSyntax().bigEndian()) {
            throw new NotAcceptableResponse("instance " + instance + " is stored in transfer syntax "
                    + file.transferSyntax().uid() + ": Ferry serves frames of native little-endian pixel data only "
                    + "(no transcoding); retrieve the whole instance");
        }
        DataSet data = file.dataSet();
        Value pixels = data.value(Tag.PIXEL_DATA);
        if (!(pixels instanceof BulkData) && !(pixels instanceof Bytes)) {
            throw new NotFoundResponse("instance " + instance + " has no pixel data");
        }
        int bits = data.getInt(Tags.BitsAllocated, 0);
        if (bits == 0 || bits % 8 != 0) {
            throw new NotAcceptableResponse("instance " + instance + " has " + bits + "-bit pixels: frames are served"
                    + " for 8, 16, 32 or 64 bits allocated");
        }
        long frameLength = (long) data.getInt(Tags.Rows, 0) * data.getInt(Tags.Columns, 0)
                * data.getInt(Tags.SamplesPerPixel, 1) * (bits / 8);
        int count = Math.max(1, data.getInt(Tags.NumberOfFrames, 1));
        long length = pixels instanceof BulkData bulk ? bulk.length() : ((Bytes) pixels).bytes().length;
        if (frameLength == 0 || frameLength * count > length) {
            throw new NotAcceptableResponse("the pixel data of instance " + instance + " (" + length + " bytes) does "
                    + "not hold " + count + " frame(s) of " + frameLength + " bytes");
        }
        return new Frames(pixels, frameLength, count);
    }

    /**
     * The frame numbers of a request: {@code 1}, {@code 1,3,2} (PS3.18 §8.3.5.1.2), each from 1 to {@link #count}.
     *
     * @throws BadRequestResponse when the list is not numbers
     * @throws NotFoundResponse   when a number is beyond the last frame
     */
    List<Integer> numbers(String list) {
        List<Integer> numbers = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            int number;
            try {
                number = Integer.parseInt(item.strip());
            } catch (NumberFormatException e) {
                number = 0;
            }
            if (number < 1) {
                throw new BadRequestResponse("frames are numbered from 1, as a list such as 1,2,3; not '"
                        + Json.clean(list) + "'");
            }
            if (number > count) {
                throw new NotFoundResponse("there is no frame " + number + ": the instance has " + count);
            }
            numbers.add(number);
        }
        return numbers;
    }

    /** The bytes of frame {@code number}, read from the file as they are sent. */
    InputStream open(int number) throws IOException {
        long start = (number - 1) * frameLength;
        if (pixels instanceof BulkData bulk) {
            return new BulkData(bulk.file(), bulk.offset() + start, frameLength, false).open();
        }
        return new ByteArrayInputStream(((Bytes) pixels).bytes(), (int) start, (int) frameLength);
    }
}
