using Microsoft.Extensions.Configuration;
using ServerlessLoad.LocalHost;

namespace ServerlessLoad.Functions.Tests.LocalHost;

public sealed class SettingExpressionsTests
{
    private static readonly IConfiguration Settings = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sload:Queues:Reports"] = "reports-a",
            ["AzureWebJobs.Watchdog.Disabled"] = "true",
            ["AzureWebJobs:AbortOnFail:Disabled"] = "True",
        })
        .Build();

    [Theory]
    [InlineData("%Sload:Queues:Reports%", "reports-a")]
    [InlineData("%Sload:Queues:Reports%-poison", "reports-a-poison")]
    [InlineData("*/10 * * * * *", "*/10 * * * * *")]
    public void Settings_named_between_percent_signs_are_replaced_by_their_values(string expression, string resolved)
    {
        SettingExpressions.Resolve(expression, Settings, "F").ShouldBe(resolved);
    }

    [Fact]
    public void A_setting_that_is_not_set_is_an_error_naming_the_function_and_the_setting()
    {
        var error = Should.Throw<InvalidOperationException>(() => SettingExpressions.Resolve("%Sload:Queues:Slices%", Settings, "PlanRun"));

        error.Message.ShouldBe("Function PlanRun names the setting 'Sload:Queues:Slices' (%Sload:Queues:Slices%), which is not set.");
    }

    [Fact]
    public void A_function_is_disabled_by_the_azure_functions_setting_in_either_spelling()
    {
        SettingExpressions.IsDisabled("Watchdog", Settings).ShouldBeTrue();
        SettingExpressions.IsDisabled("AbortOnFail", Settings).ShouldBeTrue();
        SettingExpressions.IsDisabled("PlanRun", Settings).ShouldBeFalse();
    }
}
