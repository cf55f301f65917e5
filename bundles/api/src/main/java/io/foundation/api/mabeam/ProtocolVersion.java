package io.foundation.api.mabeam;

/**
 * A semantic version {@code major.minor.micro} of a protocol. A new major version may decide differently on the same
 * problem; a new minor version may accept more problems but decides identically on those the older one accepted; a
 * new micro version changes nothing observable.
 */
public record ProtocolVersion(int major, int minor, int micro) implements Comparable<ProtocolVersion> {

    /** @throws IllegalArgumentException when a part is negative */
    public ProtocolVersion {
        if (major < 0 || minor < 0 || micro < 0) {
            throw new IllegalArgumentException("version parts must not be negative: " + major + "." + minor + "."
                    + micro);
        }
    }

    /**
     * Reads {@code 1}, {@code 1.2} or {@code 1.2.3}; missing parts are 0.
     *
     * @throws IllegalArgumentException when the text is not such a version
     */
    public static ProtocolVersion parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("not a version: " + text);
        }
        int[] numbers = new int[3];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a version: " + text, e);
            }
        }
        return new ProtocolVersion(numbers[0], numbers[1], numbers[2]);
    }

    @Override
    public int compareTo(ProtocolVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(micro, other.micro);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + micro;
    }
}
