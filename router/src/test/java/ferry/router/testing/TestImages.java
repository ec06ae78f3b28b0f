package ferry.router.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** JPEGs and other images made with the JDK's ImageIO for tests (ImageMagick is not installed here). */
public final class TestImages {
    private TestImages() {
    }

    /** A grey image whose pixel at (x, y) is {@code (x * 16 + y * 8) % 256}. */
    public static BufferedImage grey(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 16 + y * 8) % 256);
            }
        }
        return image;
    }

    /** A colour image: red across, green down, blue constant. */
    public static BufferedImage colour(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 4 % 256) << 16 | (y * 5 % 256) << 8 | 128);
            }
        }
        return image;
    }

    /** {@code image} in {@code format} ("png", "bmp", "gif", "jpg"), as ImageIO writes it. */
    public static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, out)) {
            throw new IOException("ImageIO writes no " + format);
        }
        return out.toByteArray();
    }

    /** {@code image} as a progressive JPEG (frame marker SOF2). */
    public static byte[] progressive(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
