namespace ServerlessLoad.Runner.Engine.Http;

/// <summary>The response did not follow HTTP/1.1 framing (or was beyond what the engine reads).</summary>
internal sealed class Http1ProtocolException : Exception
{
    public Http1ProtocolException()
    {
    }

    public Http1ProtocolException(string message)
        : base(message)
    {
    }

    public Http1ProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The server closed the connection before the response was complete.</summary>
internal sealed class Http1ConnectionClosedException : IOException
{
    public Http1ConnectionClosedException()
        : base("The server closed the connection before the response was complete.")
    {
    }

    public Http1ConnectionClosedException(string message)
        : base(message)
    {
    }

    public Http1ConnectionClosedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
