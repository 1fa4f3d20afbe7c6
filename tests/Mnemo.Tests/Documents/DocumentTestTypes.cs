using System.Text.Json.Serialization;

namespace Mnemo.Tests.Documents;

public sealed class User
{
    public string? Id { get; set; }

    public string Name { get; set; } = "";

    public int Age { get; set; }

    public string? Email { get; set; }

    public List<string> Tags { get; set; } = [];

    public Address? Address { get; set; }

    public bool Active { get; set; }

    public Color Favorite { get; set; }

    public double? Score { get; set; }
}

public sealed class Address
{
    public string City { get; set; } = "";

    public int Zip { get; set; }
}

public enum Color
{
    Red,
    Green,
    Blue,
}

public sealed class Nested
{
    public string Label { get; set; } = "";

    public decimal Amount { get; set; }

    public List<int> Numbers { get; set; } = [];
}

public sealed class AllTypes
{
    public string? Id { get; set; }

    public DateTime Utc { get; set; }

    public DateTime Local { get; set; }

    public DateTime Unspecified { get; set; }

    public DateTimeOffset Offset { get; set; }

    public decimal Money { get; set; }

    public decimal BigMoney { get; set; }

    public Guid Guid { get; set; }

    public Color Color { get; set; }

    public int? Maybe { get; set; }

    public int? Nothing { get; set; }

    public DateTime? MaybeDate { get; set; }

    public double Ratio { get; set; }

    public long Big { get; set; }

    public Nested? Child { get; set; }

    public List<Nested> Items { get; set; } = [];

    public Dictionary<string, int> Map { get; set; } = [];

    public int[][] Jagged { get; set; } = [];
}

/// <summary>No id property: ids live only in the key.</summary>
public sealed record Note(string Text, int Priority);

[JsonSerializable(typeof(User))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, Converters = [typeof(Mnemo.Documents.RoundTripDateTimeConverter)])]
public sealed partial class TestJsonContext : JsonSerializerContext;
