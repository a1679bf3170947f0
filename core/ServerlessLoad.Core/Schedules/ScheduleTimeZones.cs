namespace ServerlessLoad.Core.Schedules;

/// <summary>Time zones by IANA id (Europe/Paris, America/New_York, UTC) from the system's time zone database.</summary>
public static class ScheduleTimeZones
{
    public static TimeZoneInfo? Find(string? id, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(id) || string.Equals(id.Trim(), "UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problem = $"unknown time zone '{Security.InputText.Clean(id)}'; use an IANA id such as Europe/Paris, America/New_York or UTC";
            return null;
        }
    }
}
