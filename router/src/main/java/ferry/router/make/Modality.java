package ferry.router.make;

import ferry.core.tag.Uids;

/**
 * The kinds of object a synthetic series can hold, each with its storage SOP class (PS3.4 Annex B) and the pixel
 * matrix it gets unless told otherwise.
 */
public enum Modality {
    /** MR Image Storage: 16-bit slices, 12 bits stored. */
    MR(Uids.MRImageStorage, 256, 256, 1),
    /** CT Image Storage: 16-bit slices, 12 bits stored, Hounsfield units by Rescale Intercept -1024. */
    CT(Uids.CTImageStorage, 512, 512, 1),
    /** Computed Radiography Image Storage: one 16-bit projection, 12 bits stored. */
    CR(Uids.ComputedRadiographyImageStorage, 1024, 1024, 1),
    /** Ultrasound Multi-frame Image Storage: an RGB cine loop, 8 bits per sample. */
    US(Uids.UltrasoundMultiFrameImageStorage, 480, 640, 10),
    /** X-Ray Radiation Dose SR Storage: a CT dose report (PS3.16 TID 10011), no pixels. */
    SR(Uids.XRayRadiationDoseSRStorage, 0, 0, 0);

    private final String sopClass;
    private final int rows;
    private final int columns;
    private final int frames;

    Modality(String sopClass, int rows, int columns, int frames) {
        this.sopClass = sopClass;
        this.rows = rows;
        this.columns = columns;
        this.frames = frames;
    }

    /** The SOP Class UID of its objects. */
    public String sopClass() {
        return sopClass;
    }

    /** Whether its objects have pixel data. */
    public boolean image() {
        return this != SR;
    }

    /**
     * The pixel format of its objects: {@code rows} × {@code columns} (0: the modality's own, 256×256 for MR, 512×512
     * for CT, 1024×1024 for CR, 480×640 for US) and {@code frames} (US only; 0: 10); null for SR.
     */
    public PixelFormat format(int rows, int columns, int frames) {
        if (!image()) {
            return null;
        }
        int r = rows > 0 ? rows : this.rows;
        int c = columns > 0 ? columns : this.columns;
        if (this == US) {
            return new PixelFormat(r, c, frames > 0 ? frames : this.frames, 3, 8, 8, "RGB");
        }
        return new PixelFormat(r, c, 1, 1, 16, 12, "MONOCHROME2");
    }
}
