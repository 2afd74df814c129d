package io.sparkgan.source;

/**
 * The content of one IDX file of unsigned bytes (type 0x08).
 *
 * @param dims dimension sizes, outermost first (N, rows, cols for images; N for labels)
 * @param data the values, row-major, length = product of dims
 */
public record IdxArray(int[] dims, byte[] data) {
}
