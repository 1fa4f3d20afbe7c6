using System.Text;
using Mnemo.Tests.Infrastructure;

namespace Mnemo.Tests.Export;

/// <summary>Stores on a shared manual clock and helpers to export to and import from text.</summary>
internal static class ExportTestSupport
{
    public static MnemoStore NewStore(ManualClock clock, int databases = 16) =>
        new(new MnemoStoreOptions { TimeProvider = clock, ActiveExpiryInterval = TimeSpan.Zero, Databases = databases });

    public static string ExportText(MnemoStore store, ExportOptions? options = null) => ExportText(store, options, out _);

    public static string ExportText(MnemoStore store, ExportOptions? options, out ExportResult result)
    {
        using var stream = new MemoryStream();
        result = store.Export(stream, options);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ImportResult ImportText(MnemoStore store, string text, ImportOptions? options = null) =>
        store.Import(new MemoryStream(Encoding.UTF8.GetBytes(text)), options);

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
