using ServerlessLoad.Cli.Commands;
using ServerlessLoad.Cli.Direct;
using Spectre.Console;

LoadProcess.Prepare(args);

// Plain text when the output is a file or a pipe (CI logs), at the width COLUMNS asks for (default 160).
var console = AnsiConsole.Create(new AnsiConsoleSettings
{
    Ansi = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 } ? AnsiSupport.No : AnsiSupport.Detect,
    ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
});
if (Console.IsOutputRedirected)
{
    console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 40 ? columns : 160;
}

try
{
    return await CliCommands.Build(console).Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
}
catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or HttpRequestException or IOException)
{
    console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 2;
}
