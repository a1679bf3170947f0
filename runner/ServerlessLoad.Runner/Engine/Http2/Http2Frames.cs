using System.Buffers.Binary;

namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>HTTP/2 frame types, flags, settings and error codes the engine uses (RFC 9113), and frame header I/O.</summary>
internal static class Http2Frames
{
    public const int HeaderSize = 9;

    /// <summary>The largest frame payload the engine accepts: the default, which it never raises.</summary>
    public const int MaxPayload = 16_384;

    public const byte Data = 0x0;
    public const byte Headers = 0x1;
    public const byte RstStream = 0x3;
    public const byte Settings = 0x4;
    public const byte PushPromise = 0x5;
    public const byte Ping = 0x6;
    public const byte GoAway = 0x7;
    public const byte WindowUpdate = 0x8;
    public const byte Continuation = 0x9;

    public const byte EndStream = 0x1;
    public const byte Ack = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte Priority = 0x20;

    public const ushort SettingsHeaderTableSize = 0x1;
    public const ushort SettingsEnablePush = 0x2;
    public const ushort SettingsMaxConcurrentStreams = 0x3;
    public const ushort SettingsInitialWindowSize = 0x4;
    public const ushort SettingsMaxFrameSize = 0x5;

    public const uint RefusedStream = 0x7;
    public const uint Cancel = 0x8;

    /// <summary>The connection preface, our SETTINGS (no dynamic table, no push, the largest stream window) and a
    /// connection window raised to the largest: the engine reads as fast as the server sends.</summary>
    public static byte[] ClientPreface()
    {
        var preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;
        var bytes = new byte[preface.Length + HeaderSize + (3 * 6) + HeaderSize + 4];
        preface.CopyTo(bytes);
        var span = bytes.AsSpan(preface.Length);
        WriteHeader(span, 3 * 6, Settings, 0, 0);
        WriteSetting(span[HeaderSize..], SettingsHeaderTableSize, 0);
        WriteSetting(span[(HeaderSize + 6)..], SettingsEnablePush, 0);
        WriteSetting(span[(HeaderSize + 12)..], SettingsInitialWindowSize, int.MaxValue);
        span = span[(HeaderSize + 18)..];
        WriteHeader(span, 4, WindowUpdate, 0, 0);
        BinaryPrimitives.WriteUInt32BigEndian(span[HeaderSize..], int.MaxValue - 65_535);
        return bytes;
    }

    public static void WriteHeader(Span<byte> into, int length, byte type, byte flags, int streamId)
    {
        into[0] = (byte)(length >> 16);
        into[1] = (byte)(length >> 8);
        into[2] = (byte)length;
        into[3] = type;
        into[4] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(into[5..], (uint)streamId & 0x7FFF_FFFF);
    }

    public static string ErrorName(uint code) => code switch
    {
        0x0 => "NO_ERROR",
        0x1 => "PROTOCOL_ERROR",
        0x2 => "INTERNAL_ERROR",
        0x3 => "FLOW_CONTROL_ERROR",
        0x5 => "STREAM_CLOSED",
        0x6 => "FRAME_SIZE_ERROR",
        RefusedStream => "REFUSED_STREAM",
        Cancel => "CANCEL",
        0xb => "ENHANCE_YOUR_CALM",
        0xd => "HTTP_1_1_REQUIRED",
        _ => $"error 0x{code:x}",
    };

    private static void WriteSetting(Span<byte> into, ushort id, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(into, id);
        BinaryPrimitives.WriteUInt32BigEndian(into[2..], value);
    }
}
