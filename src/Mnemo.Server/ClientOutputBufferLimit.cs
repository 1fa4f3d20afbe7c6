namespace Mnemo.Server;

/// <summary>
/// One class of <c>client-output-buffer-limit</c>: a client whose pending output reaches
/// <see cref="HardBytes"/>, or stays at or above <see cref="SoftBytes"/> for more than
/// <see cref="SoftSeconds"/> seconds, is disconnected. 0 disables a limit.
/// </summary>
/// <param name="HardBytes">The hard limit in bytes (0 = none).</param>
/// <param name="SoftBytes">The soft limit in bytes (0 = none).</param>
/// <param name="SoftSeconds">How long the soft limit may be exceeded, in seconds.</param>
public sealed record ClientOutputBufferLimit(long HardBytes, long SoftBytes, long SoftSeconds)
{
    /// <summary>No limit (Redis's default for normal clients: <c>0 0 0</c>).</summary>
    public static ClientOutputBufferLimit Unlimited { get; } = new(0, 0, 0);

    /// <summary>True when neither limit is set.</summary>
    public bool IsUnlimited => HardBytes == 0 && SoftBytes == 0;
}
