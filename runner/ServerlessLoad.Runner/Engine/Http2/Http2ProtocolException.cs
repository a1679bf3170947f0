namespace ServerlessLoad.Runner.Engine.Http2;

/// <summary>The server broke HTTP/2 framing or HPACK (or used what the engine turned off); the connection is closed.</summary>
internal sealed class Http2ProtocolException : Exception
{
    public Http2ProtocolException()
    {
    }

    public Http2ProtocolException(string message)
        : base(message)
    {
    }

    public Http2ProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The server reset a stream (RST_STREAM) with an error code other than REFUSED_STREAM.</summary>
internal sealed class Http2StreamResetException : IOException
{
    public Http2StreamResetException()
    {
    }

    public Http2StreamResetException(string message)
        : base(message)
    {
    }

    public Http2StreamResetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
