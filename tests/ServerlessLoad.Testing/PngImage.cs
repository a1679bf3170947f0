using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ServerlessLoad.Testing;

/// <summary>
/// A PNG decoded by a reader of our own (8-bit RGB or RGBA, not interlaced: what chart encoders write), so tests check
/// the images users get with something other than the library that drew them.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] rgb;

    private PngImage(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        this.rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Whether the bytes start with the PNG signature followed by an IHDR chunk.</summary>
    public static bool IsPng(byte[] data) =>
        data.Length >= 33 && data.AsSpan(0, 8).SequenceEqual(Signature) && Encoding.ASCII.GetString(data, 12, 4) == "IHDR";

    /// <summary>Width and height as the IHDR chunk declares them.</summary>
    public static (int Width, int Height) Size(byte[] data)
    {
        if (!IsPng(data))
        {
            throw new InvalidDataException("Not a PNG: no signature and IHDR chunk.");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(20, 4)));
    }

    public static PngImage Decode(byte[] data)
    {
        var (width, height) = Size(data);
        var (bitDepth, colourType, interlace) = (data[24], data[25], data[28]);
        if (bitDepth != 8 || colourType is not (2 or 6) || interlace != 0)
        {
            throw new InvalidDataException($"Unsupported PNG: bit depth {bitDepth}, colour type {colourType}, interlace {interlace}.");
        }

        using var compressed = new MemoryStream();
        for (var at = 8; at + 8 <= data.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at, 4));
            var type = Encoding.ASCII.GetString(data, at + 4, 4);
            if (type == "IDAT")
            {
                compressed.Write(data, at + 8, length);
            }

            at += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var bpp = colourType == 6 ? 4 : 3;
        var pixels = Unfilter(inflated.ToArray(), width, height, bpp);
        var rgb = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            pixels.AsSpan(i * bpp, 3).CopyTo(rgb.AsSpan(i * 3, 3));
        }

        return new PngImage(width, height, rgb);
    }

    public (byte R, byte G, byte B) Pixel(int x, int y)
    {
        var i = ((y * Width) + x) * 3;
        return (rgb[i], rgb[i + 1], rgb[i + 2]);
    }

    /// <summary>The standard deviation of the pixels' luminance (0-255): 0 for an image of one colour.</summary>
    public double LuminanceStdDev()
    {
        double sum = 0, squares = 0;
        var count = Width * Height;
        for (var i = 0; i < count; i++)
        {
            var l = (0.2126 * rgb[i * 3]) + (0.7152 * rgb[(i * 3) + 1]) + (0.0722 * rgb[(i * 3) + 2]);
            sum += l;
            squares += l * l;
        }

        var mean = sum / count;
        return Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean)));
    }

    /// <summary>Pixels in the rectangle (fractions of the image) whose every channel is darker than <paramref name="below"/>.</summary>
    public int DarkPixels(double left, double top, double right, double bottom, byte below = 90)
    {
        var count = 0;
        for (var y = (int)(top * Height); y < (int)(bottom * Height); y++)
        {
            for (var x = (int)(left * Width); x < (int)(right * Width); x++)
            {
                var (r, g, b) = Pixel(x, y);
                if (r < below && g < below && b < below)
                {
                    count++;
                }
            }
        }

        return count;
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int bpp)
    {
        var stride = width * bpp;
        if (raw.Length < height * (stride + 1))
        {
            throw new InvalidDataException($"PNG data holds {raw.Length} bytes, {height * (stride + 1)} expected.");
        }

        var pixels = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var source = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            var prior = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= bpp ? row[i - bpp] : 0, up = prior[i], upLeft = i >= bpp ? prior[i - bpp] : 0;
                var predicted = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter} on row {y}."),
                };
                row[i] = (byte)(source[i] + predicted);
            }
        }

        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
