using System.Globalization;
using System.Security;
using System.Xml.Linq;

namespace ServerlessLoad.Storage;

/// <summary>The queue service's XML bodies: the message envelope we send and the message lists it returns.</summary>
internal static class QueueMessageXml
{
    public static string Envelope(string text) =>
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><QueueMessage><MessageText>{SecurityElement.Escape(text)}</MessageText></QueueMessage>";

    public static IReadOnlyList<QueueMessage> ParseList(string xml)
    {
        var root = XDocument.Parse(xml).Root;
        if (root is null)
        {
            return [];
        }

        var messages = new List<QueueMessage>();
        foreach (var element in root.Elements("QueueMessage"))
        {
            messages.Add(new QueueMessage(
                element.Element("MessageId")?.Value ?? "",
                element.Element("PopReceipt")?.Value ?? "",
                element.Element("MessageText")?.Value ?? "",
                long.Parse(element.Element("DequeueCount")?.Value ?? "0", CultureInfo.InvariantCulture),
                ParseDate(element.Element("InsertionTime")?.Value),
                ParseDate(element.Element("TimeNextVisible")?.Value)));
        }

        return messages;
    }

    public static DateTimeOffset ParseDate(string? value) =>
        string.IsNullOrEmpty(value)
            ? default
            : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
