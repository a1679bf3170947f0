namespace ServerlessLoad.Storage;

/// <summary>
/// A received (or peeked) queue message. PopReceipt is empty for peeked messages; Text is the body exactly as sent.
/// </summary>
public sealed record QueueMessage(
    string MessageId,
    string PopReceipt,
    string Text,
    long DequeueCount,
    DateTimeOffset InsertedOn,
    DateTimeOffset NextVisibleOn);
