namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>
/// The parts of HPACK (RFC 7541) the engine needs: writing a request's header block once (static-table names,
/// literals without indexing, no Huffman coding), and finding the status in a response's header block. The engine
/// announces a dynamic table of size 0, so a server never adds entries and a block can be read without decoder state;
/// only the :status value is decoded (plain digits, or Huffman-coded digits), every other field is skipped by length.
/// </summary>
internal static class Hpack
{
    public const int StaticTableSize = 61;

    // Static table entries 8-14 are :status with these values; 1-7 are :authority, :method GET/POST, :path / and
    // /index.html, :scheme http/https.
    public const int Authority = 1;
    public const int MethodGet = 2;
    public const int MethodPost = 3;
    public const int PathRoot = 4;
    public const int SchemeHttp = 6;
    public const int SchemeHttps = 7;

    private static ReadOnlySpan<short> StaticStatuses => [200, 204, 206, 304, 400, 404, 500];

    /// <summary>Appends an indexed field (the whole name and value from the static table).</summary>
    public static void WriteIndexed(List<byte> block, int index) => WriteInteger(block, index, 7, 0x80);

    /// <summary>Appends a literal field without indexing whose name is static entry <paramref name="nameIndex"/>.</summary>
    public static void WriteLiteral(List<byte> block, int nameIndex, ReadOnlySpan<byte> value)
    {
        WriteInteger(block, nameIndex, 4, 0x00);
        WriteString(block, value);
    }

    /// <summary>Appends a literal field without indexing with a literal (lower-case) name.</summary>
    public static void WriteLiteral(List<byte> block, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        block.Add(0x00);
        WriteString(block, name);
        WriteString(block, value);
    }

    public static void WriteInteger(List<byte> block, int value, int prefixBits, byte pattern)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(pattern | value));
            return;
        }

        block.Add((byte)(pattern | max));
        value -= max;
        while (value >= 0x80)
        {
            block.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }

        block.Add((byte)value);
    }

    /// <summary>
    /// The final or interim status of a response header block; 0 when the block has none (trailers). Throws
    /// <see cref="Http2ProtocolException"/> for a block that is not HPACK or uses a dynamic table the engine turned off.
    /// </summary>
    public static int ReadStatus(ReadOnlySpan<byte> block)
    {
        var status = 0;
        var position = 0;
        while (position < block.Length)
        {
            var first = block[position];
            if ((first & 0x80) != 0)
            {
                var index = ReadInteger(block, ref position, 7);
                CheckIndex(index);
                if (index is >= 8 and <= 14)
                {
                    status = StaticStatuses[index - 8];
                }

                continue;
            }

            if ((first & 0xE0) == 0x20)
            {
                // Dynamic table size update: the table stays empty whatever its size.
                ReadInteger(block, ref position, 5);
                continue;
            }

            // Literal with incremental indexing (01xxxxxx, 6-bit index) or without / never indexed (000xxxxx, 4-bit).
            var nameIndex = ReadInteger(block, ref position, (first & 0x40) != 0 ? 6 : 4);
            bool isStatus;
            if (nameIndex == 0)
            {
                var name = ReadString(block, ref position, out var nameHuffman);
                isStatus = !nameHuffman && name.SequenceEqual(":status"u8);
            }
            else
            {
                CheckIndex(nameIndex);
                isStatus = nameIndex is >= 8 and <= 14;
            }

            var value = ReadString(block, ref position, out var huffman);
            if (isStatus)
            {
                status = ParseStatus(value, huffman);
            }
        }

        return status;
    }

    public static int ReadInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var max = (1 << prefixBits) - 1;
        var value = block[position++] & max;
        if (value < max)
        {
            return value;
        }

        for (var shift = 0; ; shift += 7)
        {
            if (position >= block.Length || shift > 21)
            {
                throw new Http2ProtocolException("an HPACK integer is truncated or too large");
            }

            var next = block[position++];
            value += (next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private static void WriteString(List<byte> block, ReadOnlySpan<byte> text)
    {
        WriteInteger(block, text.Length, 7, 0x00);
        foreach (var b in text)
        {
            block.Add(b);
        }
    }

    private static ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> block, ref int position, out bool huffman)
    {
        if (position >= block.Length)
        {
            throw new Http2ProtocolException("an HPACK string is truncated");
        }

        huffman = (block[position] & 0x80) != 0;
        var length = ReadInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new Http2ProtocolException("an HPACK string runs past its header block");
        }

        var text = block.Slice(position, length);
        position += length;
        return text;
    }

    private static void CheckIndex(int index)
    {
        if (index is 0 or > StaticTableSize)
        {
            throw new Http2ProtocolException($"a header refers to table entry {index}, but the dynamic table is off (size 0)");
        }
    }

    private static int ParseStatus(ReadOnlySpan<byte> value, bool huffman)
    {
        Span<byte> digits = stackalloc byte[3];
        var count = huffman ? DecodeHuffmanDigits(value, digits) : value.Length;
        if (!huffman && count == 3)
        {
            value.CopyTo(digits);
        }

        if (count != 3 || !char.IsAsciiDigit((char)digits[0]) || !char.IsAsciiDigit((char)digits[1]) || !char.IsAsciiDigit((char)digits[2]))
        {
            throw new Http2ProtocolException("the :status field is not three digits");
        }

        return ((digits[0] - '0') * 100) + ((digits[1] - '0') * 10) + (digits[2] - '0');
    }

    /// <summary>
    /// Decodes a Huffman-coded string of digits (RFC 7541 Appendix B: '0'-'2' are the 5-bit codes 0-2, '3'-'9' the
    /// 6-bit codes 0x19-0x1f; padding is up to 7 one-bits). Returns how many digits, or -1 for anything else.
    /// </summary>
    internal static int DecodeHuffmanDigits(ReadOnlySpan<byte> coded, Span<byte> digits)
    {
        var bits = 0UL;
        var available = 0;
        var count = 0;
        var index = 0;
        while (true)
        {
            while (available < 6 && index < coded.Length)
            {
                bits = (bits << 8) | coded[index++];
                available += 8;
            }

            if (available < 5)
            {
                // Padding: fewer than 8 bits, all ones.
                var mask = (1UL << available) - 1;
                return (bits & mask) == mask ? count : -1;
            }

            var five = (int)(bits >> (available - 5)) & 0x1F;
            int digit;
            if (five <= 2)
            {
                digit = five;
                available -= 5;
            }
            else if (available >= 6 && ((int)(bits >> (available - 6)) & 0x3F) is >= 0x19 and <= 0x1F and var six)
            {
                digit = 3 + six - 0x19;
                available -= 6;
            }
            else
            {
                // Padding (all ones, under 8 bits) or a symbol that is not a digit.
                var mask = (1UL << available) - 1;
                return index == coded.Length && available < 8 && (bits & mask) == mask ? count : -1;
            }

            if (count == digits.Length)
            {
                return -1;
            }

            digits[count++] = (byte)('0' + digit);
        }
    }
}
