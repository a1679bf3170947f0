namespace ServerlessLoad.Reports;

/// <summary>The style sheet of report.html: light, system fonts, tabular numbers, and a layout that prints well.</summary>
internal static class ReportHtmlStyle
{
    public const string Css = """
        :root { color-scheme: light; --text: #1f2328; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0969da; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: #fff; color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 24px 48px; }
        h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
        p { margin: 0 0 8px; }
        code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; background: var(--soft); padding: 1px 5px; border-radius: 4px; overflow-wrap: anywhere; }
        .muted { color: var(--muted); }
        .notice { margin: 12px 0 0; padding: 8px 12px; border: 1px solid #d4a72c; border-radius: 8px; background: #fff8c5; color: #7d4e00; }
        .banner { display: flex; gap: 20px; align-items: center; padding: 18px 22px; border-radius: 10px; border: 1px solid; }
        .banner .verdict { font-size: 28px; font-weight: 700; letter-spacing: .04em; padding: 6px 16px; border-radius: 8px; color: #fff; white-space: nowrap; }
        .banner .meta { color: var(--muted); font-size: 14px; }
        .verdict-passed { background: #dafbe1; border-color: #4ac26b; } .verdict-passed .verdict { background: #1a7f37; }
        .verdict-failed { background: #ffebe9; border-color: #ff8182; } .verdict-failed .verdict { background: #cf222e; }
        .verdict-errored { background: #fff8c5; border-color: #d4a72c; } .verdict-errored .verdict { background: #9a6700; }
        .verdict-cancelled, .verdict-other { background: var(--soft); border-color: var(--line); } .verdict-cancelled .verdict, .verdict-other .verdict { background: #57606a; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: #fff; }
        .card .label { color: var(--muted); font-size: 13px; }
        .card .value { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
        .card .unit { font-size: 14px; font-weight: 400; color: var(--muted); margin-left: 3px; }
        .card .detail { color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
        .card.bad .value { color: #cf222e; }
        .table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { padding: 7px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
        th { background: var(--soft); font-weight: 600; white-space: nowrap; }
        tbody tr:last-child td { border-bottom: 0; }
        tbody tr:nth-child(even) td { background: #fbfcfd; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td { overflow-wrap: break-word; }
        .url { display: inline-block; min-width: 14em; max-width: 30em; word-break: break-all; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
        .badge.pass { background: #dafbe1; color: #116329; } .badge.fail { background: #ffebe9; color: #a40e26; } .badge.warn { background: #fff8c5; color: #7d4e00; }
        .charts { display: grid; grid-template-columns: 1fr; gap: 18px; }
        figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px; background: #fff; }
        figure.chart svg { display: block; width: 100%; height: auto; }
        ul.samples, ul.errors { margin: 0; padding-left: 18px; }
        ul.errors li { margin-bottom: 6px; overflow-wrap: anywhere; }
        footer { margin-top: 40px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 10px; }
        @media (max-width: 640px) { main { padding: 12px; } .cards { grid-template-columns: repeat(2, 1fr); } .banner { flex-direction: column; align-items: flex-start; } }
        @media print {
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          .cards { grid-template-columns: repeat(4, 1fr); }
          .banner, .badge, th, .card { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          h2 { break-after: avoid; }
          figure.chart, .card, tr { break-inside: avoid; }
          .table-wrap { overflow: visible; }
        }
        """;
}
