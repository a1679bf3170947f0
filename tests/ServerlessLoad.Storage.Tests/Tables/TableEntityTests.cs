using System.Text;
using System.Text.Json;

namespace ServerlessLoad.Storage.Tests.Tables;

public sealed class TableEntityTests
{
    [Fact]
    public void Getters_convert_between_compatible_representations()
    {
        var entity = new TableEntity("p", "r")
        {
            ["LongAsString"] = "9007199254740993",
            ["IntValue"] = 7,
            ["LongValue"] = 7L,
            ["WholeDouble"] = 3.0,
            ["BoolText"] = "true",
            ["DateText"] = "2024-03-01T12:00:00Z",
        };

        entity.GetInt64("LongAsString").ShouldBe(9_007_199_254_740_993L);
        entity.GetInt64("IntValue").ShouldBe(7L);
        entity.GetInt32("LongValue").ShouldBe(7);
        entity.GetInt64("WholeDouble").ShouldBe(3L);
        entity.GetDouble("IntValue").ShouldBe(7.0);
        entity.GetBoolean("BoolText").ShouldBe(true);
        entity.GetDateTimeOffset("DateText").ShouldBe(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero));
        entity.GetString("IntValue").ShouldBe("7");
    }

    [Fact]
    public void Getters_return_null_for_missing_properties()
    {
        var entity = new TableEntity("p", "r");

        entity.GetString("x").ShouldBeNull();
        entity.GetInt64("x").ShouldBeNull();
        entity.GetDateTimeOffset("x").ShouldBeNull();
        entity.ContainsKey("x").ShouldBeFalse();
    }

    [Fact]
    public void Getters_refuse_values_that_do_not_convert()
    {
        var entity = new TableEntity("p", "r") { ["Text"] = "abc", ["Huge"] = long.MaxValue };

        Should.Throw<InvalidCastException>(() => entity.GetInt64("Text")).Message.ShouldContain("Text");
        Should.Throw<InvalidCastException>(() => entity.GetInt32("Huge"));
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    [InlineData("odata.etag")]
    [InlineData("Name@odata.type")]
    public void System_property_names_cannot_be_set_as_properties(string name)
    {
        var entity = new TableEntity("p", "r");

        Should.Throw<ArgumentException>(() => entity[name] = "x");
    }

    [Fact]
    public void Unsupported_value_types_are_rejected_when_set()
    {
        var entity = new TableEntity("p", "r");

        Should.Throw<ArgumentException>(() => entity["Bad"] = new object()).Message.ShouldContain("Bad");
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    public void Keys_with_characters_tables_forbid_are_rejected(string key)
    {
        Should.Throw<ArgumentException>(() => new TableEntity(key, "r"));
        Should.Throw<ArgumentException>(() => new TableEntity("p", key));
    }

    [Fact]
    public void Serialization_annotates_types_json_cannot_carry_and_writes_int64_as_a_string()
    {
        var entity = new TableEntity("p", "r") { ["Big"] = 5L, ["Ratio"] = 1.0, ["Small"] = 5, ["Name"] = "n" };

        using var json = JsonDocument.Parse(TableEntityJson.Serialize(entity));
        var root = json.RootElement;

        root.GetProperty("PartitionKey").GetString().ShouldBe("p");
        root.GetProperty("Big@odata.type").GetString().ShouldBe("Edm.Int64");
        root.GetProperty("Big").GetString().ShouldBe("5");
        root.GetProperty("Ratio@odata.type").GetString().ShouldBe("Edm.Double");
        root.GetProperty("Small").GetInt32().ShouldBe(5);
        root.TryGetProperty("Small@odata.type", out _).ShouldBeFalse();
    }

    [Fact]
    public void Deserialization_reads_annotations_etag_and_timestamp()
    {
        const string json = """
            {"odata.etag":"W/\"datetime'2024-03-01T12%3A00%3A00.0000000Z'\"","PartitionKey":"p","RowKey":"r",
             "Timestamp@odata.type":"Edm.DateTime","Timestamp":"2024-03-01T12:00:00.0000000Z",
             "Big@odata.type":"Edm.Int64","Big":"123","Small":4,"Ratio":0.5,"Whole@odata.type":"Edm.Double","Whole":2,
             "Nan@odata.type":"Edm.Double","Nan":"NaN"}
            """;

        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        var entity = TableEntityJson.Deserialize(document.RootElement);

        entity.ETag.ShouldBe("W/\"datetime'2024-03-01T12%3A00%3A00.0000000Z'\"");
        entity.Timestamp.ShouldBe(new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero));
        entity["Big"].ShouldBe(123L);
        entity["Small"].ShouldBe(4);
        entity["Ratio"].ShouldBe(0.5);
        entity["Whole"].ShouldBe(2.0);
        entity.GetDouble("Nan").ShouldNotBeNull().ShouldBe(double.NaN);
        entity.Keys.ShouldBe(["Big", "Small", "Ratio", "Whole", "Nan"], ignoreOrder: true);
    }
}
