using ServerlessLoad.Runner.Engine;

namespace ServerlessLoad.Runner.Tests.Engine;

public sealed class EngineWarmUpTests
{
    [Fact]
    public async Task The_engine_is_compiled_once_per_process()
    {
        var first = EngineWarmUp.EnsureAsync();
        var second = EngineWarmUp.EnsureAsync();

        second.ShouldBeSameAs(first);
        var took = await first.WaitAsync(TimeSpan.FromSeconds(60));
        took.ShouldBeGreaterThan(TimeSpan.Zero);
    }
}
