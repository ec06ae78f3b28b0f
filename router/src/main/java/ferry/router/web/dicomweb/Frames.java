package ferry.router.web.dicomweb;

import ferry.core.data.BulkData;
import ferry.core.data.Bytes;
import ferry.core.data.DataSet;
import ferry.core.data.Fragments;
import ferry.core.data.Value;
import ferry.core.io.DicomFile;
import ferry.core.io.TransferSyntax;
import ferry.core.tag.Tag;
import ferry.core.tag.Tags;
import ferry.router.web.Json;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotAcceptableResponse;
import io.javalin.http.NotFoundResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

/**
 * The frames of an instance's pixel data, for WADO-RS's {@code /frames/{list}} (PS3.18 §10.4.1.1.7), as stored:
 * <ul>
 *     <li>native (uncompressed, little endian): frame {@code n} is the {@code n}-th run of Rows × Columns × Samples
 *     per Pixel × Bits Allocated / 8 bytes of Pixel Data (PS3.5 §8.1.1); 1-bit pixel data is not served;</li>
 *     <li>encapsulated (compressed, PS3.5 §A.4): frame {@code n} is its fragments: every fragment for a single frame,
 *     fragment {@code n} when there is one per frame, else as the Basic Offset Table groups them; without one, the
 *     frames cannot be told apart and are not served.</li>
 * </ul>
 * Big-endian pixel data is not served. Each frame is read from the file as it is sent.
 *
 * @param frames the pieces of each frame, in order
 * @param syntax the transfer syntax the frames are in
 */
record Frames(List<List<Piece>> frames, TransferSyntax syntax) {
    /** Bytes of a value: in its file, or in memory. */
    record Piece(Value value, long offset, long length) {
        InputStream open() throws IOException {
            if (value instanceof BulkData bulk) {
                return new BulkData(bulk.file(), bulk.offset() + offset, length, false).open();
            }
            return new ByteArrayInputStream(((Bytes) value).bytes(), (int) offset, (int) length);
        }
    }

    /**
     * The frames of {@code file}, instance {@code instance}.
     *
     * @throws NotAcceptableResponse when its pixel data is big endian or 1-bit, shorter than its frames, or
     *                               encapsulated in fragments that cannot be told apart into frames
     * @throws NotFoundResponse      when it has no pixel data
     */
    static Frames of(DicomFile file, String instance) throws IOException {
        TransferSyntax syntax = file.transferSyntax();
        if (syntax.bigEndian()) {
            throw new NotAcceptableResponse("instance " + instance + " is stored big endian (" + syntax.uid()
                    + "): retrieve the whole instance");
        }
        DataSet data = file.dataSet();
        Value pixels = data.value(Tag.PIXEL_DATA);
        int count = Math.max(1, data.getInt(Tags.NumberOfFrames, 1));
        if (pixels instanceof Fragments fragments) {
            return new Frames(encapsulated(fragments, count, instance), syntax);
        }
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
        long length = pixels instanceof BulkData bulk ? bulk.length() : ((Bytes) pixels).bytes().length;
        if (frameLength == 0 || frameLength * count > length) {
            throw new NotAcceptableResponse("the pixel data of instance " + instance + " (" + length + " bytes) does "
                    + "not hold " + count + " frame(s) of " + frameLength + " bytes");
        }
        List<List<Piece>> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            frames.add(List.of(new Piece(pixels, i * frameLength, frameLength)));
        }
        return new Frames(frames, syntax);
    }

    /** The fragments of each frame (PS3.5 §A.4: one frame may span fragments; the offset table says where). */
    private static List<List<Piece>> encapsulated(Fragments fragments, int count, String instance)
            throws IOException {
        List<Piece> pieces = new ArrayList<>();
        for (int i = 1; i < fragments.size(); i++) {
            pieces.add(new Piece(fragments.items().get(i), 0, fragments.itemLength(i)));
        }
        if (count == 1) {
            return List.of(pieces);
        }
        if (pieces.size() == count) {
            return pieces.stream().map(List::of).toList();
        }
        long[] offsets = offsetTable(fragments.items().get(0), fragments.itemLength(0));
        if (offsets.length != count) {
            throw new NotAcceptableResponse("the compressed pixel data of instance " + instance + " has "
                    + pieces.size() + " fragments for " + count + " frames and no offset table to tell them apart: "
                    + "retrieve the whole instance");
        }
        List<List<Piece>> frames = new ArrayList<>();
        long position = 0;
        int frame = -1;
        for (Piece piece : pieces) {
            while (frame + 1 < count && offsets[frame + 1] <= position) {
                frames.add(new ArrayList<>());
                frame++;
            }
            if (frame < 0) {
                throw new NotAcceptableResponse("the offset table of instance " + instance + " does not start at 0");
            }
            frames.get(frame).add(piece);
            position += 8 + piece.length();
        }
        if (frames.size() != count) {
            throw new NotAcceptableResponse("the offset table of instance " + instance + " names frames past its "
                    + "fragments");
        }
        return frames;
    }

    /** The Basic Offset Table's offsets (32-bit little endian; empty when the table is). */
    private static long[] offsetTable(Value table, long length) throws IOException {
        if (length == 0 || length % 4 != 0) {
            return new long[0];
        }
        byte[] bytes = table instanceof Bytes b ? b.bytes() : ((BulkData) table).readAll();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] offsets = new long[bytes.length / 4];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = Integer.toUnsignedLong(buffer.getInt());
        }
        return offsets;
    }

    /** The number of frames. */
    int count() {
        return frames.size();
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
            if (number > count()) {
                throw new NotFoundResponse("there is no frame " + number + ": the instance has " + count());
            }
            numbers.add(number);
        }
        return numbers;
    }

    /** The bytes of frame {@code number}, read from the file as they are sent (each fragment opened in turn). */
    InputStream open(int number) {
        Iterator<Piece> pieces = frames.get(number - 1).iterator();
        return new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return pieces.hasNext();
            }

            @Override
            public InputStream nextElement() {
                try {
                    return pieces.next().open();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }
}
