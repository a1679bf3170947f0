using ServerlessLoad.Cli.Commands;
using Spectre.Console;

try
{
    return await CliCommands.Build(AnsiConsole.Console, args).Parse(args).InvokeAsync().ConfigureAwait(false);
}
catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or HttpRequestException or IOException)
{
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 2;
}
