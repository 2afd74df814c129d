package io.sparkgan.source;

import java.util.List;
import java.util.Locale;

/** The image files a folder source reads, by extension: what ImageIO decodes. The one list of them. */
public final class ImageFormats {
    /** Lower-case extensions with their dot. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFormats() {
    }

    /** Whether a file name (or path) ends with an image extension, in any case. */
    public static boolean isImage(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** "PNG, JPG, JPEG, BMP, GIF", for messages. */
    public static String names() {
        return String.join(", ", EXTENSIONS.stream().map(e -> e.substring(1).toUpperCase(Locale.ROOT)).toList());
    }
}
