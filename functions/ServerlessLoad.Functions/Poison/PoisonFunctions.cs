using Microsoft.Azure.Functions.Worker;
using ServerlessLoad.Core.Messages;
using ServerlessLoad.Functions.Hosting;
using ServerlessLoad.Storage.Pipeline;

namespace ServerlessLoad.Functions.Poison;

/// <summary>
/// A message that failed on every delivery lands in &lt;queue&gt;-poison (moved there by the host); these error its run
/// with the last recorded failure, so the run ends instead of waiting for a step that will never happen.
/// </summary>
public sealed class PoisonFunctions(DeliveryFailures failures, PipelineStore store)
{
    [Function("PlanRunPoisoned")]
    public Task RunRequestPoisonedAsync([QueueTrigger(Bindings.RunRequestsPoisonQueue, Connection = Bindings.Connection)] RunRequestMessage message, CancellationToken ct) =>
        failures.PoisonedAsync(message.RunId, store.QueueNames.RunRequests, ct);

    [Function("CollectSlicePoisoned")]
    public Task SliceEventPoisonedAsync([QueueTrigger(Bindings.SliceEventsPoisonQueue, Connection = Bindings.Connection)] SliceEventMessage message, CancellationToken ct) =>
        failures.PoisonedAsync(message.RunId, store.QueueNames.SliceEvents, ct);

    [Function("BuildReportPoisoned")]
    public Task ReportPoisonedAsync([QueueTrigger(Bindings.ReportsPoisonQueue, Connection = Bindings.Connection)] ReportMessage message, CancellationToken ct) =>
        failures.PoisonedAsync(message.RunId, store.QueueNames.Reports, ct);
}
