using System.Reflection;
using ServerlessLoad.Functions.BuildReport;

namespace ServerlessLoad.Functions.Tests.BuildReport;

/// <summary>The report path draws its charts in process: no browser anywhere in what the functions host loads.</summary>
public class ReportPathTests
{
    [Fact]
    public void Nothing_the_functions_host_references_needs_a_browser()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<AssemblyName>([typeof(BuildReportFunction).Assembly.GetName()]);
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name.Name!) || !name.Name!.StartsWith("ServerlessLoad", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Enqueue(reference);
            }
        }

        seen.ShouldContain("ServerlessLoad.Reports");
        seen.ShouldContain("ScottPlot");
        seen.ShouldNotContain("Microsoft.Playwright");
    }
}
