using System.Runtime.CompilerServices;

namespace Mnemo.Internal.Text;

/// <summary>
/// Room on the stack for a key's bytes (<see cref="MnemoKey.StackLimit"/>), as a fixed-size local
/// rather than <c>stackalloc</c>. With two <c>stackalloc</c> buffers instead, the embedded plain SET
/// (everything else the same) overwrote 1M keys at 517-536 ns each instead of 410-413, and inserted
/// them at 464-472 instead of 443-483 (<c>embedded-pieces</c>, session 9); why, this machine's lack
/// of performance counters left unexplained. Callers must not read it before writing it.
/// </summary>
[InlineArray(MnemoKey.StackLimit)]
internal struct KeyScratch
{
    private byte _first;
}

/// <summary>Room on the stack for a short value held inside a <see cref="MnemoValue"/> (<see cref="MnemoValue.InlineCapacity"/> bytes).</summary>
[InlineArray(16)]
internal struct InlineValueScratch
{
    private byte _first;
}
