using ServerlessLoad.Core.Plans;

namespace ServerlessLoad.Runner.Engine.Browser;

/// <summary>One Web Vital to record for a results key: microseconds, or for CLS the score times <see cref="BrowserVitals.ClsScale"/>.</summary>
internal readonly record struct VitalSample(string Request, string Vital, long Value);

/// <summary>
/// Turns the snapshots a VU's page gives around its browser steps into Web Vitals per step. A page view begins when a
/// new document appears and belongs to the step that loaded it (a goto, or a click that navigated; a document first
/// seen between steps, once a navigation the last step started has committed, is that step's too). Its TTFB, FCP, LCP
/// and CLS are recorded once, from its last snapshot, when it ends: when the next document replaces it, or when the
/// iteration ends. A step's interactions (clicks and key presses) give its INP, one sample per step that had any.
/// </summary>
/// <remarks>
/// A null snapshot says nothing (the page was navigating, or shows an error page without the script): the page view
/// stays open. Only the VU's own loop uses this, so nothing here is locked.
/// </remarks>
internal sealed class PageViews
{
    private string? document;
    private string? owner;
    private PageSnapshot? last;
    private string? lastStep;
    private int interactions;
    private double longestInteraction;

    /// <summary>The step that loaded the page now shown, if any.</summary>
    public string? Owner => owner;

    /// <summary>A snapshot taken after <paramref name="step"/> ran: the page view it ended, if any, and the step's INP when it interacted.</summary>
    public List<VitalSample> AfterStep(string step, PageSnapshot? snapshot)
    {
        lastStep = step;
        return Follow(snapshot);
    }

    /// <summary>A snapshot taken between steps (after a pause, before the next browser step): it brings the page view up to date.</summary>
    public List<VitalSample> Between(PageSnapshot? snapshot) => Follow(snapshot);

    /// <summary>The iteration ends: the page view still open is recorded, brought up to date by <paramref name="final"/>.</summary>
    public List<VitalSample> End(PageSnapshot? final)
    {
        var samples = Follow(final);
        samples.AddRange(Close());
        lastStep = null;
        return samples;
    }

    /// <summary>Forgets the open page view without recording it (the iteration was stopped).</summary>
    public void Abandon() => (document, owner, last, lastStep, interactions, longestInteraction) = (null, null, null, null, 0, 0);

    /// <summary>
    /// Interactions only happen while a step runs, so those a snapshot reports belong to the last step that ran, which
    /// records its INP when this snapshot (or its document's final state, handed over by the next document) has any.
    /// </summary>
    private List<VitalSample> Follow(PageSnapshot? snapshot)
    {
        if (snapshot is null)
        {
            return [];
        }

        if (snapshot.Previous is { } previous && previous.Document == document)
        {
            // The page view the step left, as it was when it was left: later than any snapshot taken of it.
            last = previous;
            Interacted(previous);
        }

        Interacted(snapshot);
        List<VitalSample> samples;
        if (snapshot.Document == document)
        {
            last = snapshot;
            samples = [];
        }
        else
        {
            samples = Close();
            (document, owner, last) = (snapshot.Document, lastStep, snapshot);
        }

        if (interactions > 0 && lastStep is not null)
        {
            samples.Add(new VitalSample(lastStep, BrowserVitals.Inp, Micros(longestInteraction)));
            (interactions, longestInteraction) = (0, 0);
        }

        return samples;
    }

    private void Interacted(PageSnapshot snapshot)
    {
        interactions += snapshot.Interactions;
        longestInteraction = Math.Max(longestInteraction, snapshot.LongestInteractionMs);
    }

    private List<VitalSample> Close()
    {
        var samples = new List<VitalSample>(4);
        if (owner is not null && last is not null)
        {
            if (last.TtfbMs is { } ttfb)
            {
                samples.Add(new VitalSample(owner, BrowserVitals.Ttfb, Micros(ttfb)));
            }

            if (last.FcpMs is { } fcp)
            {
                samples.Add(new VitalSample(owner, BrowserVitals.Fcp, Micros(fcp)));
            }

            if (last.LcpMs is { } lcp)
            {
                samples.Add(new VitalSample(owner, BrowserVitals.Lcp, Micros(lcp)));
            }

            samples.Add(new VitalSample(owner, BrowserVitals.Cls, (long)Math.Round(last.Cls * BrowserVitals.ClsScale)));
        }

        (document, owner, last) = (null, null, null);
        return samples;
    }

    private static long Micros(double milliseconds) => (long)Math.Round(Math.Max(0, milliseconds) * 1000);
}
