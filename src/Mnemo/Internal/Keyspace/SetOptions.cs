namespace Mnemo.Internal.Keyspace;

/// <summary>SET's condition (NX / XX).</summary>
internal enum SetCondition
{
    Always,
    IfNotExists,
    IfExists,
}

/// <summary>What SET does besides writing the value. <see cref="ExpiresAt"/> is absolute Unix ms, 0 for none.</summary>
internal readonly record struct SetOptions(SetCondition Condition = SetCondition.Always, long ExpiresAt = 0, bool KeepTtl = false, bool ReturnOld = false);

/// <summary>Whether SET wrote, and the previous value when GET was asked for.</summary>
internal readonly record struct SetResult(bool Written, MnemoValue Previous);
